@surface:transport
Feature: Ambiguous HTTP framing is refused
  HARP-TRANSPORT §11 asks gateways to protect against request smuggling (TR-HYG-01, negative
  input NEG-19): a request whose body length is ambiguous — Content-Length together with
  Transfer-Encoding: chunked, or two different Content-Length headers — is answered 400 or the
  connection is closed, and the request is never processed (its exchange does not exist afterwards).
  The request is written byte by byte on a raw socket (TLS for an https:// target, plain TCP for an
  http:// one) because HTTP client libraries refuse to send such framing.

  @TR-HYG-01 @must
  Scenario Outline: A submission with <framing> framing is refused and not processed
    When E1 posts artifact "r1" with <framing> framing
    Then the ambiguous request is refused with 400 or a closed connection
    And there is no side effect on "r1"

    Examples:
      | framing                             |
      | Content-Length and Transfer-Encoding |
      | two different Content-Length        |
