@surface:tls
Feature: No HARP over plaintext
  HARP-TRANSPORT §2 and §12 (CMP §2.7): plaintext HTTP is refused, so no HARP request sent over
  http:// is processed; §5.1: WebSocket requires TLS, so a plaintext ws:// upgrade is not accepted.
  The probes go to target.plaintext_url (the target's plaintext port, if it has one); without it
  these scenarios are not applicable. A refused connection, a TLS-required error or a redirect all
  pass (the suite never follows the redirect); a 2xx fails, and so does any trace of the exchange
  over HTTPS afterwards.

  @TR-TLS-03 @must
  Scenario: An artifact posted over plaintext HTTP is refused and never processed
    Given the target is served over TLS
    And a plaintext URL of the target is configured
    When E1 posts artifact "r1" to the plaintext URL
    Then the plaintext request is refused
    And there is no side effect on "r1"

  @TR-TLS-04 @must
  Scenario: A plaintext ws:// upgrade is not accepted
    Given the target is served over TLS
    And a plaintext URL of the target is configured
    When A1 asks for a WebSocket upgrade on the plaintext URL
    Then the plaintext upgrade is not accepted
