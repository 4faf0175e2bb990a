@surface:sse_approver
Feature: The approver SSE stream
  An approver that holds GET /v1/sse/approvers/{approverId} open receives every approval request
  routed to it as an SSE event named "approval.request" whose data is the envelope (seed binding §4.1).
  The response is 200 with Content-Type text/event-stream (C-20). Every event other than a `ping`
  keepalive carries exactly one JSON envelope, and its event name equals the envelope's msgType.
  Keepalive `ping` events (a MAY) and unknown event names are ignored (CLI-07).

  @GW-SSE-02 @GW-SSE-06 @GW-DLV-01 @must
  Scenario: An approval request reaches the approver's open stream
    Given A1 opens the approver stream as "a1-stream"
    When E1 submits artifact "r1"
    Then the response status is 202
    And "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the "approval.request" received on "a1-stream" carries the artifact hash of "r1"

  @GW-SSE-03 @GW-SSE-04 @GW-SSE-06 @must
  Scenario: Every event is a keepalive ping or exactly one JSON envelope named after its msgType
    Given A1 opens the approver stream as "a1-stream"
    When E1 submits artifact "r1"
    And E1 submits artifact "r2"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    And "a1-stream" receives "approval.request" for "r2" within the delivery window
    And every event on "a1-stream" is a ping or one JSON envelope named after its msgType

  @GW-SSE-01 @must
  Scenario: The approver stream is an event stream that stays open
    Given A1 opens the approver stream as "a1-stream"
    Then "a1-stream" is still open after the delivery window
