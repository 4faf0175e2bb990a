@surface:negative
Feature: Malformed request bodies fail closed
  Syntactically invalid input is refused with 400 and an error envelope, and has no side effect
  (COMPLIANCE §3 "fail closed", REQUIREMENTS.md §20): JSON truncated at half its bytes or cut before its
  closing brace (NEG-01), malformed JSON (NEG-02), and a top-level value that is not an object or an
  empty body (NEG-04). Each defect is applied to an otherwise valid submission.

  @NEG-01 @GW-ERR-07 @GW-ERR-13 @must
  Scenario Outline: NEG-01 an artifact <defect> is refused with 400 and nothing is created
    When E1 posts the artifact for "r1" <defect>
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

    Examples:
      | defect                       |
      | truncated at half its bytes  |
      | cut before its closing brace |

  @NEG-01 @GW-ERR-07 @must
  Scenario Outline: NEG-01 a <kind> <defect> is refused with 400 and the exchange stays pending
    Given E1 submits artifact "r1"
    When A1 posts the <kind> for "r1" <defect>
    Then the response status is 400
    And the response is an error envelope
    And the status of "r1" reads state "pendingApproval"

    Examples:
      | kind     | defect                       |
      | decision | truncated at half its bytes  |
      | decision | cut before its closing brace |
      | ack      | truncated at half its bytes  |
      | ack      | cut before its closing brace |

  @NEG-02 @GW-ERR-07 @GW-ERR-13 @must
  Scenario Outline: NEG-02 an artifact <defect> is refused with 400 and nothing is created
    When E1 posts the artifact for "r1" <defect>
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

    Examples:
      | defect               |
      | with a trailing comma |
      | with single quotes   |
      | with unquoted keys   |
      | with a NaN value     |
      | with a comment       |

  @NEG-02 @GW-ERR-07 @must
  Scenario Outline: NEG-02 a <kind> <defect> is refused with 400 and the exchange stays pending
    Given E1 submits artifact "r1"
    When A1 posts the <kind> for "r1" <defect>
    Then the response status is 400
    And the response is an error envelope
    And the status of "r1" reads state "pendingApproval"

    Examples:
      | kind     | defect                |
      | decision | with a trailing comma |
      | decision | with single quotes    |
      | decision | with a NaN value      |
      | ack      | with unquoted keys    |
      | ack      | with a comment        |

  @NEG-04 @GW-ERR-07 @GW-ERR-13 @must
  Scenario Outline: NEG-04 a body of <body> posted to <path> is refused with 400
    When <who> posts to "<path>" the raw body: <body>
    Then the response status is 400
    And the response is an error envelope

    Examples:
      | path          | who | body    |
      | /v1/artifacts | E1  | []      |
      | /v1/artifacts | E1  | "x"     |
      | /v1/artifacts | E1  | 1       |
      | /v1/artifacts | E1  | null    |
      | /v1/artifacts | E1  | (empty) |
      | /v1/decisions | A1  | []      |
      | /v1/decisions | A1  | null    |
      | /v1/decisions | A1  | (empty) |
      | /v1/acks      | A1  | "x"     |
      | /v1/acks      | A1  | (empty) |
