@surface:errors
Feature: Errors on routes the binding does not define
  A request to a path the binding does not define is answered with a 4xx error, never a 5xx,
  and the error body is an error envelope (msgType "error", body with code and message).

  @GW-ERR-01 @GW-ERR-13 @must
  Scenario: An unknown route answers 404 with an error envelope
    When E1 sends GET "/v1/no-such-route"
    Then the response status is 404
    And the response is an error envelope
