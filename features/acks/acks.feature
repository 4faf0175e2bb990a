@surface:acks
Feature: Acknowledgements
  POST /v1/acks with an `ack.submit` envelope (seed binding §6.1) is answered 200 with `ack.accepted`.
  The body requires `msgId` (non-empty), `status` (`received` or `processed`) and `ackAt` (RFC 3339);
  violations get 400 (SCH/ack-submit). The requestId travels in the envelope (C-12). Acks work for
  every deliverable: approvers acknowledge `approval.request`, enforcers acknowledge
  `decision.deliver` (HARP-GW §7.2). Repeating an ack is harmless (TRANSPORT §5.4). After a valid ack
  the gateway stops redelivering that msgId; before an ack it may redeliver, and a redelivery reuses
  the original msgId (HARP-GW §7.2–7.3).

  @GW-ACK-01 @must
  Scenario: Acknowledging a received decision.deliver answers ack.accepted
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 10 seconds for the decision on "r1"
    Then the response status is 200
    When E1 acknowledges the message in the response with status "processed"
    Then the response status is 200
    And the response is an envelope of type "ack.accepted"

  @GW-ACK-03 @must
  Scenario: The approver acknowledges the approval request and the enforcer the decision
    Given A1 opens the approver stream as "a1-stream"
    And E1 submits artifact "r1"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    When A1 acknowledges the "approval.request" received on "a1-stream"
    Then the response status is 200
    And the response is an envelope of type "ack.accepted"
    When A1 decides "r1" with "approve"
    And E1 waits up to 10 seconds for the decision on "r1"
    And E1 acknowledges the message in the response with status "processed"
    Then the response status is 200
    And the response is an envelope of type "ack.accepted"

  @GW-ACK-04 @must
  Scenario: Repeating an acknowledgement is harmless
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 10 seconds for the decision on "r1"
    And E1 acknowledges the message in the response with status "processed"
    Then the response status is 200
    When the same acknowledgement is sent again
    Then the response status is 2xx

  @GW-ACK-02 @must
  Scenario Outline: An acknowledgement without <member> is rejected with 400
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 10 seconds for the decision on "r1"
    And E1 acknowledges the message in the response without "<pointer>"
    Then the response status is 400
    And the response is an error envelope

    Examples:
      | member | pointer      |
      | msgId  | /body/msgId  |
      | status | /body/status |
      | ackAt  | /body/ackAt  |

  @GW-ACK-02 @must
  Scenario Outline: An acknowledgement with <case> is rejected with 400
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 10 seconds for the decision on "r1"
    And E1 acknowledges the message in the response with "<pointer>" set to '<value>'
    Then the response status is 400
    And the response is an error envelope

    Examples:
      | case                    | pointer      | value        |
      | status "done"           | /body/status | "done"       |
      | ackAt "now"             | /body/ackAt  | "now"        |
      | an empty msgId          | /body/msgId  | ""           |
      | ackAt as an epoch       | /body/ackAt  | 1771927200   |
      | status "Processed"      | /body/status | "Processed"  |

  @GW-DLV-03 @must
  Scenario: An acknowledged approval request is not delivered again after a reconnect
    Given A1 opens the approver stream as "a1-stream"
    And E1 submits artifact "r1"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    When A1 acknowledges the "approval.request" received on "a1-stream"
    Then the response status is 200
    When A1 reconnects "a1-stream" as "a1-again"
    Then "a1-again" receives no "approval.request" with the msgId seen on "a1-stream" within the delivery window

  @GW-DLV-03 @must @slow
  Scenario: An acknowledged approval request is not delivered again within the redelivery window
    Given A1 opens the approver stream as "a1-stream"
    And E1 submits artifact "r1"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    When A1 acknowledges the "approval.request" received on "a1-stream"
    Then the response status is 200
    When A1 reconnects "a1-stream" as "a1-again"
    Then "a1-again" receives no "approval.request" with the msgId seen on "a1-stream" within the redelivery window

  @GW-DLV-04 @may
  Scenario: An approval request not yet acknowledged is delivered again after a reconnect
    Given A1 opens the approver stream as "a1-stream"
    And E1 submits artifact "r1"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    When A1 reconnects "a1-stream" as "a1-again"
    Then "a1-again" receives "approval.request" for "r1" within the delivery window

  @GW-DLV-05 @must
  Scenario: A redelivered approval request reuses its original msgId
    Given A1 opens a websocket as "a1-ws"
    And E1 submits artifact "r1"
    Then "a1-ws" receives "approval.request" for "r1" within the delivery window
    When A1 reconnects "a1-ws" as "a1-ws-again"
    Then any "approval.request" for "r1" redelivered on "a1-ws-again" reuses the msgId seen on "a1-ws"
