@surface:websocket
Feature: The WebSocket channel
  GET /v1/ws?role=enforcer|approver&id={id} upgrades to a WebSocket (seed binding §5). An approver
  socket receives the approval requests routed to it, an enforcer socket receives decision.deliver
  for its own exchanges. Every text frame the gateway sends is UTF-8 JSON holding exactly one
  envelope; binary frames are allowed and only reported (TR-WS-05). A role other than enforcer or
  approver, or a missing id, is refused: a 4xx handshake answer, or an error envelope or close right
  after the upgrade (`ws.bad_handshake_reaction`). An `ack.submit` frame has the same effect as a REST
  ack, also when the client splits it into continuation frames (TRANSPORT §9). The gateway answers
  client pings with pongs (RFC 6455).

  A scenario that depends on which enforcer channel is the most recent reserves that enforcer's
  channels first, so that concurrently running scenarios open none meanwhile (a suite mechanism).

  @GW-WS-02 @GW-WS-05 @GW-DLV-01 @must
  Scenario: An approver websocket receives the approval request
    Given A1 opens a websocket as "a1-ws"
    When E1 submits artifact "r1"
    Then the response status is 202
    And "a1-ws" receives "approval.request" for "r1" within the delivery window
    And the "approval.request" received on "a1-ws" carries the artifact hash of "r1"

  @GW-WS-01 @must
  Scenario: An enforcer can open a websocket
    Given E2 opens a websocket as "e2-ws"
    Then "e2-ws" answers without an error

  @GW-WS-06 @GW-DLV-02 @must
  Scenario: An enforcer websocket receives the decision for its own exchange
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-ws"
    And E1 submits artifact "r1"
    When A1 decides "r1" with "approve"
    Then the response status is 200
    And "e1-ws" receives "decision.deliver" for "r1" within the delivery window
    And the "decision.deliver" received on "e1-ws" relays the decision body of "r1"

  @GW-WS-04 @TR-WS-05 @must
  Scenario: Every text frame the gateway sends is exactly one JSON envelope
    Given E2's channels are reserved for this scenario
    And A1 opens a websocket as "a1-ws"
    And E2 opens a websocket as "e2-ws"
    And E2 submits artifact "r1"
    When A1 decides "r1" with "reject"
    Then "a1-ws" receives "approval.request" for "r1" within the delivery window
    And "e2-ws" receives "decision.deliver" for "r1" within the delivery window
    And every text frame on "a1-ws" is one JSON envelope
    And every text frame on "e2-ws" is one JSON envelope

  @GW-WS-03 @must
  Scenario Outline: A websocket handshake with <case> is refused
    When E1 opens a websocket as "bad-ws" with query "<query>"
    Then the websocket handshake of "bad-ws" is refused

    Examples:
      | case                    | query                      |
      | the role admin          | role=admin&id={{id:E1}}    |
      | no id                   | role=enforcer              |
      | no role                 | id={{id:E1}}               |

  @GW-WS-11 @GW-ACK-03 @must
  Scenario: An acknowledgement sent over the websocket is accepted
    Given E2's channels are reserved for this scenario
    And E2 opens a websocket as "e2-ws"
    And E2 submits artifact "r1"
    And A1 decides "r1" with "approve"
    Then "e2-ws" receives "decision.deliver" for "r1" within the delivery window
    When E2 sends over "e2-ws" the acknowledgement of the "decision.deliver" received on "e2-ws"
    Then "e2-ws" answers without an error

  @TR-WS-06 @GW-DLV-03 @must
  Scenario: An acknowledgement split into continuation frames is reassembled and takes effect
    Given E2's channels are reserved for this scenario
    And E2 opens a websocket as "e2-ws"
    And E2 submits artifact "r1"
    And A1 decides "r1" with "approve"
    Then "e2-ws" receives "decision.deliver" for "r1" within the delivery window
    When E2's channels are no longer reserved
    And E2 sends over "e2-ws" the acknowledgement of the "decision.deliver" received on "e2-ws" in 3 fragments
    Then "e2-ws" answers without an error
    When E2 reconnects "e2-ws" as "e2-ws-again"
    Then "e2-ws-again" receives no "decision.deliver" with the msgId seen on "e2-ws" within the delivery window

  @TR-WS-03 @must
  Scenario: The gateway answers a client ping with a pong carrying the same payload
    Given A2 opens a websocket as "a2-ws"
    When the suite pings "a2-ws" with "harp-conformance-ping"
    Then "a2-ws" receives a pong with "harp-conformance-ping" within 5s
