@surface:auth
Feature: The sender named in a submission and the authenticated enforcer
  HARP-GW §6.1 binds an exchange to the authenticated submitting enforcer, and §9 lets a gateway bind
  `sender.enforcerId` to that identity (GW-AUTH-04). Whether a mismatch is refused is configured by
  `auth.sender_binding`: "enforced" requires 403 with no exchange created; "not_enforced" requires
  acceptance with the exchange still bound to the authenticated enforcer, whose long-poll receives the
  decision (GW-RTE-05); "unknown" (the default) accepts either behaviour and judges the one it sees.

  @GW-AUTH-04 @must @surface:artifacts
  Scenario: An artifact naming another enforcer as sender is refused or stays bound to its submitter
    When E1 submits artifact "r1" with:
      """
      {"sender": {"enforcerId": "{{id:E2}}"}}
      """
    Then the submission of "r1" is judged per auth.sender_binding
