@surface:envelope
Feature: Envelope members of submissions
  Every request body is an Envelope (seed binding §2, gateway envelope schema): msgType, requestId,
  createdAt, sender and body are required; msgType must match the endpoint; createdAt (and body
  expiresAt, ackAt) are RFC 3339 date-times; requestId, msgType and msgId are non-empty strings; sender
  and body are objects. A violation is a 400 validation error with an error envelope, and nothing is
  created. The optional members msgId, expiresAt, recipient and trace may be present or absent.

  @GW-ENV-08 @NEG-05 @GW-ERR-07 @must
  Scenario Outline: NEG-05 an artifact without <member> is rejected with 400
    When E1 posts the artifact for "r1" without "/<member>"
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

    Examples:
      | member    |
      | msgType   |
      | requestId |
      | createdAt |
      | sender    |
      | body      |

  @GW-ENV-09 @NEG-16 @GW-ERR-07 @must
  Scenario Outline: NEG-16 an artifact with msgType <msgType> is rejected with 400
    When E1 posts the artifact for "r1" with "/msgType" set to "<msgType>"
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

    Examples:
      | msgType         |
      | decision.submit |
      | foo.bar         |

  @GW-ENV-09 @NEG-16 @must
  Scenario Outline: NEG-16 a <kind> with msgType <msgType> is rejected with 400
    Given E1 submits artifact "r1"
    When A1 posts the <kind> for "r1" with "/msgType" set to "<msgType>"
    Then the response status is 400
    And the response is an error envelope
    And the status of "r1" reads state "pendingApproval"

    Examples:
      | kind     | msgType         |
      | decision | artifact.submit |
      | decision | foo.bar         |
      | ack      | decision.submit |
      | ack      | foo.bar         |

  @GW-ENV-10 @NEG-12 @GW-ERR-07 @must
  Scenario Outline: NEG-12 an artifact whose <member> is <value> is rejected with 400
    When E1 posts the artifact for "r1" with "<pointer>" set to <value>
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

    Examples:
      | member         | pointer         | value                 |
      | createdAt      | /createdAt      | "2026-02-24 10:00:00" |
      | createdAt      | /createdAt      | "1700000000"          |
      | createdAt      | /createdAt      | 1700000000            |
      | createdAt      | /createdAt      | "tomorrow"            |
      | body expiresAt | /body/expiresAt | "2026-02-24 10:00:00" |
      | body expiresAt | /body/expiresAt | 1700000000            |
      | body expiresAt | /body/expiresAt | "tomorrow"            |

  @GW-ENV-10 @NEG-12 @must
  Scenario Outline: NEG-12 a <kind> whose <member> is <value> is rejected with 400
    Given E1 submits artifact "r1"
    When A1 posts the <kind> for "r1" with "<pointer>" set to <value>
    Then the response status is 400
    And the response is an error envelope
    And the status of "r1" reads state "pendingApproval"

    Examples:
      | kind     | member    | pointer    | value                 |
      | decision | createdAt | /createdAt | "2026-02-24 10:00:00" |
      | ack      | ackAt     | /body/ackAt | "1700000000"         |
      | ack      | ackAt     | /body/ackAt | "tomorrow"           |

  @GW-ENV-11 @NEG-07 @GW-ERR-07 @must
  Scenario Outline: NEG-07 an artifact with <what> is rejected with 400
    When E1 posts the artifact for "r1" with "<pointer>" set to <value>
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

    Examples:
      | what                | pointer    | value |
      | a numeric requestId | /requestId | 123   |
      | an empty msgType    | /msgType   | ""    |
      | an empty msgId      | /msgId     | ""    |
      | a string sender     | /sender    | "E1"  |
      | an array body       | /body      | []    |

  @GW-ENV-11 @NEG-07 @must
  Scenario: NEG-07 an artifact with an empty requestId is rejected with 400
    When E1 posts the artifact for "r1" with "/requestId" set to ""
    Then the response status is 400
    And the response is an error envelope
    And the inbox of A1 holds exactly 0 items for "r1"

  @GW-ENV-11 @NEG-07 @must
  Scenario: NEG-07 an ack with an empty msgId is rejected with 400
    Given E1 submits artifact "r1"
    When A1 posts the ack for "r1" with "/body/msgId" set to ""
    Then the response status is 400
    And the response is an error envelope

  @GW-ENV-13 @must
  Scenario: An artifact without any optional envelope member is accepted
    When E1 posts the artifact for "r1" without "/msgId"
    Then the response status is 202
    And the response is an envelope of type "artifact.accepted"

  @GW-ENV-13 @must
  Scenario: An artifact with msgId, expiresAt, recipient and trace is accepted
    When E1 posts the artifact for "r1" patched with:
      """
      {
        "expiresAt": "{{expiresAt}}",
        "recipient": { "approverId": "{{approverId}}" },
        "trace": { "traceId": "hc-trace-{{uuid}}" }
      }
      """
    Then the response status is 202
    And the response is an envelope of type "artifact.accepted"
