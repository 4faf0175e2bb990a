@surface:exchanges
Feature: Exchange status
  GET /v1/exchanges/{requestId} answers a known exchange with 200 and an `exchange.status` envelope
  (seed binding §3.4). The body has `requestId`, `state`, `createdAt` and `expiresAt` (date-times),
  optionally `artifactHash` (string) and `decision` (object), and nothing else (SCH/exchange-status);
  `state` is one of the six states (compared case-insensitively unless `status.state_casing =
  lowerCamel`, C-04). The status reflects the submission: the requestId of the path, the submitted
  artifactHash and the submitted `body.expiresAt` (the same instant). After a decision the status may
  carry `decision`; if it does, any `decision` value inside is the decided one.

  @GW-EXS-01 @GW-EXS-02 @GW-SM-01 @GW-SM-06 @must
  Scenario: A new exchange has a schema-valid status in state pendingApproval
    Given E1 submits artifact "r1"
    When E1 fetches the status of "r1"
    Then the response status is 200
    And the response is an envelope of type "exchange.status"
    And the response body validates against schema "exchange-status"
    And the state is "pendingApproval"

  @GW-EXS-04 @must
  Scenario: The status reflects the submitted requestId, artifactHash and expiresAt
    Given E1 submits artifact "r1"
    When E1 fetches the status of "r1"
    Then the response status is 200
    And the status reflects the submission of "r1"

  @GW-EXS-05 @may
  Scenario: A decided exchange's status may carry the decision, and then it is the decided one
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "reject"
    When E1 fetches the status of "r1"
    Then the response status is 200
    And the response body validates against schema "exchange-status"
    And any decision in the status is "reject"
