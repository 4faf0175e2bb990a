@surface:tls
Feature: HSTS (informational)
  HARP-TRANSPORT Appendix A (non-normative) suggests HTTP Strict Transport Security: HTTPS
  responses carry a Strict-Transport-Security header with a max-age. A MAY: its absence is reported,
  never a failure of the run.

  @TR-TLS-06 @may
  Scenario: HTTPS responses carry Strict-Transport-Security
    Given the target is served over TLS
    When E1 fetches the status of "r1" over a raw connection
    Then the answer carries a Strict-Transport-Security header with max-age
