@surface:wait
Feature: The enforcer long-poll
  GET /v1/exchanges/{requestId}/wait?timeout=N (seed binding §3.5) answers 200 with a decision.deliver
  envelope as soon as a decision exists or arrives before the timeout, and 204 with an empty body when
  none arrives in time (the elapsed time is the timeout, within −0.2 s and `timing.long_poll_slack_s`).
  Timeouts from 1 to 60 s SHOULD be supported. The decision body is relayed unmodified (TR-INT-01).
  With no real-time channel open the decision is kept for the long-poll (binding §7), and until the
  enforcer acknowledges it, repeated waits keep returning it (at-least-once, HARP-GW §7.1).

  @GW-WAIT-01 @must
  Scenario: An existing decision is returned at once
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 10 seconds for the decision on "r1"
    Then the response status is 200
    And the response is an envelope of type "decision.deliver"
    And the response arrived within 2s
    And the response relays the decision body of "r1"

  @GW-WAIT-01 @must
  Scenario: A decision arriving during the wait ends it well before the timeout
    Given E1 submits artifact "r1"
    When E1 waits up to 20 seconds for the decision on "r1" while A1 decides it with "reject" after 1 second
    Then the response status is 200
    And the response is an envelope of type "decision.deliver"
    And the response arrived within 6s
    And the response relays the decision body of "r1"

  @GW-WAIT-02 @must
  Scenario: No decision within the timeout answers 204 with an empty body
    Given E1 submits artifact "r1"
    When E1 waits up to 2 seconds for the decision on "r1"
    Then the response status is 204
    And the response body is empty
    And the wait lasted about 2 seconds

  @GW-WAIT-03 @should
  Scenario: A one-second timeout is supported
    Given E1 submits artifact "r1"
    When E1 waits up to 1 seconds for the decision on "r1"
    Then the response status is 204

  @GW-WAIT-03 @should @slow
  Scenario: A sixty-second timeout is supported
    Given E1 submits artifact "r1"
    When E1 holds a wait of 60 seconds for the decision on "r1"
    Then the response status is 204

  @GW-RTE-04 @GW-DLV-02 @must
  Scenario: With no channel open the decision is kept and returned by the long-poll unmodified
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 10 seconds for the decision on "r1"
    Then the response status is 200
    And the response is an envelope of type "decision.deliver"
    And the response field "/requestId" equals "{{requestId:r1}}"
    And the response relays the decision body of "r1"

  @GW-WAIT-05 @must
  Scenario: Before any acknowledgement, repeated waits keep returning the decision
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 10 seconds for the decision on "r1"
    Then the response status is 200
    And the response is remembered as "first"
    When E1 waits up to 10 seconds for the decision on "r1"
    Then the response status is 200
    And the response field "/body" equals the same field of the response remembered as "first"
