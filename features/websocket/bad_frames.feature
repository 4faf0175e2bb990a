@surface:websocket
Feature: Bad and oversize frames on the WebSocket
  A client frame that is not exactly one JSON envelope is not processed: the gateway answers with an
  `error` envelope or closes the socket with code 1003, 1007 or 1008 (seed binding §5, BND §9,
  TRANSPORT §5.2; which of the two is configurable as `ws.bad_frame_reaction`). A message larger
  than the gateway's limit is refused without being processed: an error envelope or close 1009
  (TRANSPORT §8, C-32). The frame size used is 4 × `limits.ws_message_max_bytes` (or, when that is
  unset, 4 × `limits.artifact_max_bytes`). In no case is the exchange created.

  @GW-WS-07 @NEG-20 @must
  Scenario Outline: The gateway refuses <frame> and creates nothing
    Given E2 opens a websocket as "e2-ws"
    When E2 sends over "e2-ws" "<frame>" for "r1"
    Then "e2-ws" refuses the frame
    When E1 fetches the status of "r1"
    Then the response status is 4xx

    Examples:
      | frame                                    |
      | a truncated artifact                     |
      | an artifact cut before its closing brace |
      | a JSON array                             |
      | non-JSON text                            |
      | two envelopes in one frame               |
      | binary garbage                           |
      | a text frame with invalid UTF-8          |

  @TR-SIZE-05 @must
  Scenario: An oversize message is refused and not processed
    Given E2 opens a websocket as "e2-ws"
    When E2 sends over "e2-ws" the artifact "r1" at 4 times the message size limit
    Then "e2-ws" refuses the oversize frame
    When E1 fetches the status of "r1"
    Then the response status is 4xx
