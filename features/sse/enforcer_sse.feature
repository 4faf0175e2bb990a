@surface:sse_enforcer @optional
Feature: The optional enforcer SSE stream
  A gateway may serve GET /v1/sse/enforcers/{enforcerId}, pushing decisions as events named
  "decision.deliver" whose data is the decision.deliver envelope (seed binding §4.2). The decision
  body is relayed unmodified (TR-INT-01). When the stream is not served (404/405/501, or not
  advertised by runtime.info) these scenarios are skipped.

  Only the most recent channel of an enforcer gets a decision (binding §7), and scenarios run
  concurrently with the same identities, so a scenario that depends on which channel is the most
  recent first reserves the enforcer's channels: no other scenario opens one meanwhile. This is a
  suite mechanism, not a gateway behaviour.

  @GW-SSE-05 @GW-SSE-06 @may
  Scenario: A decision reaches the enforcer's open stream
    Given E1's channels are reserved for this scenario
    And E1 opens the enforcer stream as "e1-stream"
    And E1 submits artifact "r1"
    When A1 decides "r1" with "approve"
    Then the response status is 200
    And "e1-stream" receives "decision.deliver" for "r1" within the delivery window
    And the "decision.deliver" received on "e1-stream" relays the decision body of "r1"
    And every event on "e1-stream" is a ping or one JSON envelope named after its msgType
