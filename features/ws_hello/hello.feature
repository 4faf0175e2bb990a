@surface:ws_hello @optional @ext
Feature: The WebSocket hello control message
  In the expanded binding a client SHOULD send a bare JSON hello (TV/07: msgType hello, capabilities,
  workspaceName, enforcerLabel) as its first WebSocket frame (BND §5.1, CLI-12). It is a control
  message, not an envelope (BND §2 exception, GW-ENV-17): the gateway accepts it without an error
  frame and without closing, and the socket keeps working. The seed binding requires every frame to
  be an envelope, so the suite sends hello only in the ext profile (C-07). A gateway that declares
  ws_hello = "no" (or omits it from runtime.info) is not asked.

  @GW-WS-08 @GW-ENV-17 @must
  Scenario: A bare hello as the first frame is accepted and the socket keeps delivering
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-ws"
    When E1 sends the TV/07 hello on "e1-ws"
    Then "e1-ws" accepts the hello without an error for 2 seconds
    When E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    Then "e1-ws" receives "decision.deliver" for "r1" within the delivery window
