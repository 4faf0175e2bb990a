@surface:refresh @optional
Feature: Refreshing an exchange through the enforcer's channel
  An approver asks the enforcer to refresh an exchange with
  POST /v1/requests/{requestId}/refresh?enforcerDeviceId={id} (BND §3.9). When the enforcer has a live
  real-time channel the gateway pushes a refresh.request to it (an envelope shaped like TV/08, C-07)
  and answers 200 with the bare JSON {"status":"forwarded"} (C-08). Without the parameter the answer
  is 400; when the enforcer has no channel it is 503 with an error envelope (GW-ERR-14). Refresh works
  for pending and expired exchanges. Only the documented case is tested: the enforcer connected by WS
  and its approver calling (C-41). enforcerDeviceId is mapped from enforcerId by
  presence.device_id_mapping (identity by default, C-17). The scenario for an enforcer without a
  channel uses the second tenant (EX, AX), whose channels no scenario opens without reserving them.

  @GW-RFR-01 @GW-RFR-02 @GW-ENV-17 @must
  Scenario: A refresh reaches the enforcer's websocket as a refresh.request
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-ws"
    And E1 submits artifact "r1"
    When A1 refreshes "r1" for E1
    Then the response status is 200
    And the response is bare JSON whose "status" is "forwarded"
    And "e1-ws" receives "refresh.request" for "r1" within the delivery window
    And the refresh.request on "e1-ws" is shaped like TV/08

  @GW-RFR-03 @must
  Scenario: A refresh without enforcerDeviceId is a parameter error
    Given E1 submits artifact "r1"
    When A1 refreshes "r1" without an enforcerDeviceId
    Then the response status is 400
    And the response is an error envelope

  @GW-RFR-04 @GW-ERR-14 @must
  Scenario: A refresh for an enforcer without a live channel is 503
    Given EX's channels are reserved for this scenario
    And EX submits artifact "r1" addressed to AX
    When AX refreshes "r1" for EX
    Then the response status is 503
    And the response is an error envelope

  @GW-RFR-05 @must
  Scenario: A refresh works for an expired exchange
    Given E1 submits artifact "r1" expiring after the short TTL
    And the short TTL of "r1" has run out
    And E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-ws"
    When A1 refreshes "r1" for E1
    Then the response status is 200
    And the response is bare JSON whose "status" is "forwarded"
    And "e1-ws" receives "refresh.request" for "r1" within the delivery window
