@surface:auth
Feature: Operations are authorized by role
  HARP-GW §9 authorizes operations by role, and HARP-TRANSPORT §4.3 answers an authorization failure
  with 403: an approver's credentials cannot submit artifacts or withdraw exchanges, and an enforcer's
  credentials cannot submit decisions or read an approver inbox (GW-AUTH-01). A refused operation has
  no effect.

  @GW-AUTH-01 @GW-ERR-09 @must @surface:artifacts
  Scenario: An approver cannot submit an artifact
    When A1 submits artifact "r1"
    Then the response status is 403
    And the response is an error envelope
    And there is no side effect on "r1"

  @GW-AUTH-01 @GW-ERR-09 @must @surface:decisions
  Scenario: An enforcer cannot submit a decision
    Given E1 submits artifact "r1"
    When E1 decides "r1" with "approve"
    Then the response status is 403
    And the response is an error envelope
    And E1 sees "r1" still pending with its original hash

  @GW-AUTH-01 @GW-ERR-09 @must @surface:inbox
  Scenario: An enforcer cannot read an approver inbox
    Given E1 submits artifact "r1"
    When E1 calls "read inbox"
    Then the response status is 403
    And the response does not reveal "r1"

  @GW-AUTH-01 @GW-ERR-09 @must @surface:withdraw @optional
  Scenario: An approver cannot withdraw an exchange
    Given E1 submits artifact "r1"
    When A1 calls "withdraw"
    Then the response status is 403
    And E1 sees "r1" still pending with its original hash
