@surface:wait
Feature: Presence never affects routing correctness
  GW §6.5.3 and CMP §2.11: whatever the presence state, decisions stay deliverable by long-poll. An
  enforcer that never connected a channel (offline or unknown) still collects its decision. The
  scenario uses the second tenant (EX, AX) and reserves EX's channels, so no channel of EX is open.

  @GW-PRS-10 @must
  Scenario: An enforcer that never connected still collects its decision by long-poll
    Given EX's channels are reserved for this scenario
    And EX submits artifact "r1" addressed to AX
    And AX decides "r1" with "approve"
    When EX waits up to 5 seconds for the decision on "r1"
    Then the response status is 200
    And the response is an envelope of type "decision.deliver"
