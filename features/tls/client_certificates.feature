@surface:tls
Feature: Client certificates are validated when mTLS is deployed
  HARP-TRANSPORT §6 (CMP §1.3): if mTLS is deployed, client certificates are validated. These
  scenarios run only when the configuration declares tls.mtls_required = true (and names the
  suite's own certificate in tls.client_cert / tls.client_key, used by every other scenario).
  A request without a client certificate, and one with a certificate from a CA the target does not
  trust (fixtures/tls/untrusted-client.pem), must end in a failed handshake, a closed connection,
  or 401/403 — never in an ordinary answer.

  @TR-TLS-05 @must
  Scenario: A client without a certificate is refused
    Given the target requires client certificates
    When a client without a client certificate requests the status of an exchange
    Then the target refuses the client

  @TR-TLS-05 @must
  Scenario: A client with a certificate from an untrusted CA is refused
    Given the target requires client certificates
    When a client with a certificate from an untrusted CA requests the status of an exchange
    Then the target refuses the client
