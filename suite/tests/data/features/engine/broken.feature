@surface:artifacts @broken
Feature: Engine test - a broken feature

  @GW-ART-01 @must
  Scenario: a step nobody defined
    When E1 does something the suite has no step for
