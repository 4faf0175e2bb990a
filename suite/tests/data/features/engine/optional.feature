@surface:sse_enforcer @optional @must @GW-SSE-05
Feature: Engine test - an optional surface

  Scenario: enforcer stream is probed
    Given E1 opens the enforcer stream as "e1-stream"
    When E1 submits artifact "r1"
    Then "e1-stream" receives "decision.deliver" for "r1" within 1s
