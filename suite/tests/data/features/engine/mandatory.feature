@surface:artifacts
Feature: Engine test - a mandatory surface

  @GW-ART-01 @must
  Scenario: artifact is accepted
    When E1 submits artifact "r1"
    Then the response status is 202
    And the response is an envelope of type "artifact.accepted"
