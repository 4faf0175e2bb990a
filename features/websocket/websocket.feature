@surface:websocket
Feature: The WebSocket channel
  An approver connected to GET /v1/ws?role=approver&id={approverId} receives approval requests
  routed to it as JSON envelope text frames.

  @GW-WS-02 @GW-WS-05 @must
  Scenario: An approver websocket receives the approval request
    Given A1 opens a websocket as "a1-ws"
    When E1 submits artifact "r1"
    Then the response status is 202
    And "a1-ws" receives "approval.request" for "r1" within the delivery window
