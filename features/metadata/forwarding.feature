@ext
Feature: Metadata forwarding policy
  GW §6.3–§6.4 and CMP §2.9: the routing keys of an artifact's body.metadata (routingToken,
  approverId, tenantId) are used for routing only and never reach the approver; the display-safe keys
  workspaceName and repoName (and requestLabel, C-15) SHOULD be forwarded unchanged in the approval
  request's body.metadata, which MAY be left out when nothing display-safe remains. The policy holds on
  every path that exposes approval requests: SSE, WebSocket, the inbox and the expired inbox (GW-META-07).
  The suite deep-searches the approval request's body (the envelope's recipient.approverId is allowed,
  C-13) or the inbox item (addressing members at its top level are allowed) for the routing keys and
  for the token's value. The token is routing.routing_token when configured, else an opaque value.
  These rows come from the expanded documents, so they run in the ext profile.

  @GW-META-01 @GW-META-02 @GW-META-03 @GW-META-07 @must @surface:inbox
  Scenario: No routing metadata reaches the approver through the inbox
    When E1 submits artifact "r1" carrying routing and display metadata
    Then the response status is 202
    And the active inbox item of A1 for "r1" carries no routing metadata

  @GW-META-01 @GW-META-02 @GW-META-03 @GW-META-07 @must @surface:sse_approver
  Scenario: No routing metadata reaches the approver through its SSE stream
    Given A1 opens the approver stream as "a1-stream"
    When E1 submits artifact "r1" carrying routing and display metadata
    Then the response status is 202
    And "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the approval request for "r1" on "a1-stream" carries no routing metadata

  @GW-META-01 @GW-META-02 @GW-META-03 @GW-META-07 @must @surface:websocket
  Scenario: No routing metadata reaches the approver through its websocket
    Given A1 opens a websocket as "a1-ws"
    When E1 submits artifact "r1" carrying routing and display metadata
    Then the response status is 202
    And "a1-ws" receives "approval.request" for "r1" within the delivery window
    And the approval request for "r1" on "a1-ws" carries no routing metadata

  @GW-META-01 @GW-META-02 @GW-META-03 @GW-META-07 @must @surface:inbox_expired @optional
  Scenario: No routing metadata reaches the approver through the expired inbox
    Given A1 reads its expired inbox
    When E1 submits artifact "r1" carrying routing and display metadata and the short TTL
    Then the response status is 202
    When the short TTL of "r1" has run out
    Then the expired inbox item of A1 for "r1" carries no routing metadata

  @GW-META-04 @GW-META-05 @should @surface:inbox
  Scenario: Display-safe metadata is forwarded unchanged through the inbox
    When E1 submits artifact "r1" carrying routing and display metadata
    Then the response status is 202
    And the active inbox item of A1 for "r1" forwards the display metadata

  @GW-META-04 @GW-META-05 @should @surface:sse_approver
  Scenario: Display-safe metadata is forwarded unchanged through the SSE stream
    Given A1 opens the approver stream as "a1-stream"
    When E1 submits artifact "r1" carrying routing and display metadata
    Then the response status is 202
    And "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the approval request for "r1" on "a1-stream" forwards the display metadata

  @GW-META-06 @may @surface:inbox
  Scenario: With only routing keys, forwarded metadata may be left out
    When E1 submits artifact "r1" carrying only routing metadata
    Then the response status is 202
    And the active inbox item of A1 for "r1" carries no routing metadata
