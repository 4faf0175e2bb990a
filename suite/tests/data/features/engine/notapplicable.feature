@surface:withdraw @optional @GW-WDR-01 @must
Feature: Engine test - a surface declared absent

  Scenario: withdraw is declared absent
    When E1 submits artifact "r1"
    Then the response status is 202
