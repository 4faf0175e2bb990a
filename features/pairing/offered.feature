@surface:pairing_offer
Feature: The gateway offers pairing
  GW §6.6 says a gateway SHOULD offer device pairing. The probe POST /v1/pairing/initiate (TV/10)
  answering 404, 405 or 501 means pairing is not offered: a SHOULD miss, recorded as a warning, while
  the pairing scenarios themselves are skipped as not served (GW-PAIR-01).

  @GW-PAIR-01 @should
  Scenario: The pairing surface is offered
    Then the gateway offers the pairing surface
