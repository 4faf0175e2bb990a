@surface:websocket
Feature: Routing of approval requests and decisions
  Seed binding §7 and HARP-GW §6: when one enforcer has several active channels, decision.deliver goes
  to the most recent one, and the older channel does not get it (a breach of the latter is a warning
  unless `strict.single_channel_delivery`); when the newest channel closes, later decisions go to a
  remaining active channel. An enforcer SSE stream is a channel like any other (binding §4.2). An
  exchange is bound to the enforcer that submitted it: another enforcer's channel never gets its
  decision. Approval requests reach the eligible approvers and no one else: an approver of another
  tenant never sees them, and under explicit addressing (`routing.mode` recipient or
  metadata_approver_id) neither does another approver of the same tenant.

  "Most recent" is tested only where every reading agrees (C-37): the newest channel is also the last
  one opened. Scenarios run concurrently with the same identities, so a scenario that depends on which
  of an enforcer's channels is the most recent reserves that enforcer's channels: no other scenario
  opens one meanwhile (a suite mechanism, not a gateway behaviour).

  @GW-RTE-01 @GW-RTE-03 @must
  Scenario: The newest channel gets the decision, and after it closes a remaining channel does
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-old"
    And E1 opens a websocket as "e1-new"
    And E1 submits artifact "r1"
    When A1 decides "r1" with "approve"
    Then "e1-new" receives "decision.deliver" for "r1" within the delivery window
    When "e1-new" is closed
    And E1 submits artifact "r2"
    And A1 decides "r2" with "reject"
    Then "e1-old" receives "decision.deliver" for "r2" within the delivery window

  @GW-RTE-02 @should
  Scenario: The older channel does not get a decision delivered to the newest one
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-old"
    And E1 opens a websocket as "e1-new"
    And E1 submits artifact "r1"
    When A1 decides "r1" with "approve"
    Then "e1-new" receives "decision.deliver" for "r1" within the delivery window
    When E1's channels are no longer reserved
    Then "e1-old" receives nothing for "r1" within the delivery window

  @GW-RTE-02 @must
  Scenario: With strict single-channel delivery the older channel never gets the decision
    Given the target is configured for strict single-channel delivery
    And E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-old"
    And E1 opens a websocket as "e1-new"
    And E1 submits artifact "r1"
    When A1 decides "r1" with "approve"
    Then "e1-new" receives "decision.deliver" for "r1" within the delivery window
    When E1's channels are no longer reserved
    Then "e1-old" receives nothing for "r1" within the delivery window

  @GW-RTE-07 @surface:sse_enforcer @optional @must
  Scenario: An enforcer stream opened after a websocket is the most recent channel
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-ws"
    And E1 opens the enforcer stream as "e1-stream"
    And E1 submits artifact "r1"
    When A1 decides "r1" with "approve"
    Then "e1-stream" receives "decision.deliver" for "r1" within the delivery window

  @GW-RTE-05 @must
  Scenario: Another enforcer's channel never gets the decision of an exchange it did not submit
    Given E2 opens a websocket as "e2-ws"
    And E1 submits artifact "r1"
    When A1 decides "r1" with "approve"
    Then the response status is 200
    When E1 waits up to 10 seconds for the decision on "r1"
    Then the response status is 200
    And "e2-ws" receives nothing for "r1" within the delivery window

  @GW-RTE-06 @GW-DLV-01 @must
  Scenario: An approver of another tenant never sees the approval request
    Given AX opens the approver stream as "ax-stream"
    And A1 opens the approver stream as "a1-stream"
    And E1 submits artifact "r1"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the inbox of A1 holds exactly 1 item for "r1"
    And "ax-stream" receives nothing for "r1" within the delivery window
    And the inbox of AX holds exactly 0 items for "r1"

  @GW-RTE-06 @must
  Scenario: An approval request addressed to one approver reaches no other approver of the tenant
    Given A2 opens the approver stream as "a2-stream"
    And E1 submits artifact "r1" addressed to A1
    Then the inbox of A1 holds exactly 1 item for "r1"
    And "a2-stream" receives nothing for "r1" within the delivery window
    And the inbox of A2 holds exactly 0 items for "r1"
