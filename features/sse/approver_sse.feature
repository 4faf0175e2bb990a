@surface:sse_approver
Feature: The approver SSE stream
  An approver that holds GET /v1/sse/approvers/{approverId} open receives every approval request
  routed to it as an SSE event named "approval.request" whose data is the envelope.

  @GW-SSE-02 @GW-SSE-06 @must
  Scenario: An approval request reaches the approver's open stream
    Given A1 opens the approver stream as "a1-stream"
    When E1 submits artifact "r1"
    Then the response status is 202
    And "a1-stream" receives "approval.request" for "r1" within the delivery window
