Feature: Status codes the expanded binding adds to the seed surfaces
  BND §3.1, §3.2, §3.6, §3.7 and the §8 status table give the seed endpoints exact codes for missing
  resources and semantic failures: 404 for an unknown exchange (status, long-poll, decision), 422 for
  an artifact that is already expired or that no approver can take. The seed binding does not name
  these codes, so the seed profile accepts any 4xx plus an error envelope (C-01); nothing may be
  created either way.

  @GW-EXS-03 @GW-ERR-10 @must @surface:exchanges
  Scenario: The status of an unknown exchange is 404
    When E1 fetches the status of "ghost"
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope

  @GW-WAIT-04 @GW-ERR-10 @must @surface:wait
  Scenario: Waiting on an unknown exchange is 404
    When E1 waits up to 1 seconds for the decision on "ghost"
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope

  @GW-DEC-07 @GW-ERR-10 @must @surface:decisions
  Scenario: A decision for an unknown exchange is 404
    When A1 decides "ghost" with "approve"
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope
    And there is no side effect on "ghost"

  @GW-ART-09 @must @surface:artifacts
  Scenario: An artifact that is already expired is refused with 422 and creates nothing
    When E1 posts the artifact for "r1" patched with:
      """
      {"body": {"expiresAt": "{{pastBeyondSkew}}"}}
      """
    Then the response follows artifact.expired_status
    And the response is an error envelope
    And there is no side effect on "r1"

  @GW-ART-10 @must @surface:artifacts
  Scenario: An artifact no approver can take is refused with 422 and creates nothing
    Given the target config names an unroutable fixture
    When E1 submits artifact "r1" made unroutable
    Then the response status is 422, or any 4xx in the seed profile
    And the response is an error envelope
    And there is no side effect on "r1"
