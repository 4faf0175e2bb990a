@surface:tls
Feature: TLS versions
  HARP-TRANSPORT §2 item 5 and §6 (and CMP §2.7) make TLS 1.2 or later REQUIRED and recommend
  TLS 1.3: a TLS 1.2 handshake and a TLS 1.3 handshake succeed, while a client that offers only
  TLS 1.0 or TLS 1.1 is refused. These rows apply when the target is served over TLS (an https://
  target, unless tls.enforced = false); against a plaintext target they are not applicable.
  The legacy probes send a hand-written TLS 1.0/1.1 ClientHello (the suite's TLS library cannot
  speak those versions): a ServerHello at the offered legacy version fails the scenario, an alert
  or a closed connection passes it.

  @TR-TLS-01 @must
  Scenario: A handshake restricted to TLS 1.2 succeeds
    Given the target is served over TLS
    When a client restricted to TLS 1.2 connects
    Then the handshake succeeds with TLS 1.2 and the request is answered

  @TR-TLS-02 @should
  Scenario: A handshake restricted to TLS 1.3 succeeds
    Given the target is served over TLS
    When a client restricted to TLS 1.3 connects
    Then the handshake succeeds with TLS 1.3 and the request is answered

  @TR-TLS-01 @must
  Scenario Outline: A client offering only TLS <version> is refused
    Given the target is served over TLS
    When a client offering only TLS <version> says hello
    Then the target refuses the legacy handshake

    Examples:
      | version |
      | 1.0     |
      | 1.1     |
