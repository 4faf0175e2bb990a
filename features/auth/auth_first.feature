@surface:auth
Feature: Authentication happens before the payload is processed
  HARP-TRANSPORT §7 requires authentication before the payload is processed, and transport
  authentication is separate from HARP signatures. So a request without credentials gets 401 whatever
  its body holds: malformed JSON is not a 400, a conflicting requestId is not a 409, a signed decision
  is not accepted, and nothing changes on the gateway (REQUIREMENTS.md TR-AUTH-03/04 and NEG-21, which
  applies NEG-01..08 without credentials).

  @TR-AUTH-03 @NEG-21 @must
  Scenario: A conflicting artifact without credentials gets 401, not 409, and changes nothing
    Given E1 submits artifact "r1"
    When an anonymous client sends "a different artifactHash" to "submit artifact"
    Then the response status is 401
    And E1 sees "r1" still pending with its original hash

  @TR-AUTH-04 @must
  Scenario: A signed decision without credentials is refused and the exchange stays pending
    Given E1 submits artifact "r1"
    When an anonymous client calls "submit decision"
    Then the response status is 401
    And E1 sees "r1" still pending with its original hash

  @TR-AUTH-04 @TR-AUTH-02 @must
  Scenario: A signed decision with an invalid credential is refused and the exchange stays pending
    Given E1 submits artifact "r1"
    When a client with an invalid credential calls "submit decision"
    Then the response status is 401
    And E1 sees "r1" still pending with its original hash

  @TR-AUTH-03 @NEG-21 @must @surface:artifacts
  Scenario Outline: An artifact with <bad input> and no credentials gets 401, and no exchange exists
    When an anonymous client sends "<bad input>" to "submit artifact"
    Then the response status is 401
    And there is no side effect on "r1"

    Examples:
      | bad input                     |
      | truncated JSON                |
      | malformed JSON                |
      | invalid UTF-8                 |
      | a JSON array                  |
      | an empty body                 |
      | a body without requestId      |
      | a requestId of the wrong type |
      | an empty artifactHash         |

  @TR-AUTH-03 @NEG-21 @must @surface:decisions
  Scenario Outline: A decision with <bad input> and no credentials gets 401, and the exchange stays pending
    Given E1 submits artifact "r1"
    When an anonymous client sends "<bad input>" to "submit decision"
    Then the response status is 401
    And E1 sees "r1" still pending with its original hash

    Examples:
      | bad input                     |
      | truncated JSON                |
      | malformed JSON                |
      | invalid UTF-8                 |
      | a JSON array                  |
      | an empty body                 |
      | a body without requestId      |
      | a requestId of the wrong type |
      | an unknown decision value     |
      | an empty artifactHash         |

  @TR-AUTH-03 @NEG-21 @must @surface:acks
  Scenario Outline: An ack with <bad input> and no credentials gets 401
    Given E1 submits artifact "r1"
    When an anonymous client sends "<bad input>" to "submit ack"
    Then the response status is 401

    Examples:
      | bad input                     |
      | truncated JSON                |
      | malformed JSON                |
      | invalid UTF-8                 |
      | a JSON array                  |
      | an empty body                 |
      | a body without requestId      |
      | a requestId of the wrong type |
      | an unknown ack status         |
