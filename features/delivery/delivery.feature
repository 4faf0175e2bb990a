@surface:websocket
Feature: End-to-end delivery between enforcer and approvers
  The multi-actor flows of HARP-GW §6–§7 and TRANSPORT §5.4: an enforcer submits, the approver gets
  the approval request on every open channel (SSE and WebSocket) and in its inbox, decides, and the
  enforcer's most recent channel gets the decision.deliver; once the enforcer acknowledges it (here
  over the WebSocket), it is not delivered again, not even after a reconnect. Concurrent identical
  submissions create one exchange and one approval request. Submissions and acks repeated after a
  reconnect are handled safely: no error, no duplicate approval request, no change of outcome.

  A scenario that depends on which of an enforcer's channels is the most recent reserves that
  enforcer's channels until the decision has arrived (a suite mechanism for concurrent scenarios).

  @GW-SSE-02 @GW-WS-05 @GW-INB-03 @GW-RTE-01 @GW-WS-11 @GW-ACK-03 @GW-DLV-01 @GW-DLV-02 @GW-DLV-03 @must
  Scenario: Submit, approve on every channel, deliver to the newest enforcer channel, acknowledge, no redelivery
    Given E1's channels are reserved for this scenario
    And A1 opens the approver stream as "a1-stream"
    And A1 opens a websocket as "a1-ws"
    And E1 opens a websocket as "e1-old"
    And E1 opens a websocket as "e1-new"
    When E1 submits artifact "r1"
    Then the response status is 202
    And "a1-stream" receives "approval.request" for "r1" within the delivery window
    And "a1-ws" receives "approval.request" for "r1" within the delivery window
    And the inbox of A1 holds exactly 1 item for "r1"
    When A1 decides "r1" with "approve"
    Then the response status is 200
    And "e1-new" receives "decision.deliver" for "r1" within the delivery window
    And the "decision.deliver" received on "e1-new" relays the decision body of "r1"
    When E1's channels are no longer reserved
    And E1 sends over "e1-new" the acknowledgement of the "decision.deliver" received on "e1-new"
    Then "e1-new" answers without an error
    When E1 reconnects "e1-new" as "e1-again"
    Then "e1-again" receives no "decision.deliver" with the msgId seen on "e1-new" within the delivery window

  @GW-IDEM-01 @GW-IDEM-02 @GW-DLV-05 @must
  Scenario: Five identical submissions at once make one exchange and one approval request
    Given A1 opens a websocket as "a1-ws"
    When E1 submits artifact "r1" 5 times at once
    Then every one of those submissions is accepted
    And "a1-ws" receives "approval.request" for "r1" within the delivery window
    And the inbox of A1 holds exactly 1 item for "r1"
    And every "approval.request" for "r1" on "a1-ws" carries the same msgId

  @TR-WS-04 @must
  Scenario: An acknowledgement repeated over a new socket after a reconnect is handled safely
    Given E2 submits artifact "r1"
    And A1 decides "r1" with "approve"
    And E2's channels are reserved for this scenario
    And E2 opens a websocket as "e2-ws"
    Then "e2-ws" receives "decision.deliver" for "r1" within the delivery window
    When E2's channels are no longer reserved
    And E2 sends over "e2-ws" the acknowledgement of the "decision.deliver" received on "e2-ws"
    Then "e2-ws" answers without an error
    When E2 reconnects "e2-ws" as "e2-ws-again"
    And E2 sends over "e2-ws-again" the acknowledgement of the "decision.deliver" received on "e2-ws"
    Then "e2-ws-again" answers without an error
    When E2 fetches the status of "r1"
    Then the state is "decided|delivered"

  @TR-WS-04 @GW-WS-09 @surface:ws_artifact_submit @optional @must
  Scenario: An artifact resent over a new socket after a reconnect creates no second approval request
    Given A1 opens a websocket as "a1-ws"
    And E2 opens a websocket as "e2-ws"
    When E2 sends over "e2-ws" the artifact "r1"
    Then "e2-ws" answers without an error
    And "a1-ws" receives "approval.request" for "r1" within the delivery window
    When E2 reconnects "e2-ws" as "e2-ws-again"
    And E2 sends over "e2-ws-again" the same artifact "r1" again
    Then "e2-ws-again" answers without an error
    And the inbox of A1 holds exactly 1 item for "r1"
    And every "approval.request" for "r1" on "a1-ws" carries the same msgId
    When E2 fetches the status of "r1"
    Then the state is "pendingApproval"

  @GW-WS-10 @surface:ws_decision_submit @optional @may
  Scenario: A decision sent over the approver's websocket decides the exchange
    Given E1 submits artifact "r1"
    And A1 opens a websocket as "a1-ws"
    When A1 sends over "a1-ws" the decision "approve" for "r1"
    Then "a1-ws" answers without an error
    When E1 waits up to 10 seconds for the decision on "r1"
    Then the response status is 200
    And the response relays the decision body of "r1"
    When E1 fetches the status of "r1"
    Then the state is "decided|delivered"

  @GW-WS-09 @surface:ws_artifact_submit @optional @may
  Scenario: An artifact sent over the enforcer's websocket creates the exchange as REST does
    Given A1 opens a websocket as "a1-ws"
    And E2 opens a websocket as "e2-ws"
    When E2 sends over "e2-ws" the artifact "r1"
    Then "e2-ws" answers without an error
    And "a1-ws" receives "approval.request" for "r1" within the delivery window
    When E2 fetches the status of "r1"
    Then the state is "pendingApproval"
