@surface:wait
Feature: Deciding and collecting the decision by long-poll
  An approver decides a pending exchange with POST /v1/decisions (200 decision.accepted). The
  enforcer, with no real-time channel open, collects the decision with
  GET /v1/exchanges/{requestId}/wait and receives a decision.deliver envelope.

  @GW-DEC-01 @GW-WAIT-01 @GW-RTE-04 @must
  Scenario: A decision reaches the enforcer through the long-poll
    Given E1 submits artifact "r1"
    When A1 decides "r1" with "approve"
    Then the response status is 200
    And the response is an envelope of type "decision.accepted"
    When E1 waits up to 10 seconds for the decision on "r1"
    Then the response status is 200
    And the response is an envelope of type "decision.deliver"
    And the response field "/body/decision" equals "approve"
