@surface:negative
Feature: Semantically odd inputs: enums, hashes, timestamps, algorithms and query parameters
  Inputs a zero-knowledge gateway cannot judge are relayed unchanged, inputs it can judge are refused
  (REQUIREMENTS.md §20, C-31): an unknown ack status is a 400 (NEG-06); a malformed artifactHash is
  implementation-defined but, if accepted, relayed unchanged (NEG-08 d, C-09); future timestamps may be
  refused (400/422) but, if accepted, the exchange keeps gateway time and the submitted expiry (NEG-10);
  a non-string ciphertext.alg is a 400, other alg strings are accepted and relayed unless
  artifact.allowed_cipher_algs says otherwise (NEG-13); invalid query parameters are a 400 or are
  clamped, never a 5xx (NEG-17, inbox.invalid_limit, inbox.invalid_cursor_status).

  @NEG-06 @GW-ACK-02 @GW-ERR-07 @must
  Scenario: NEG-06 an ack with status "done" is refused with 400
    Given E1 submits artifact "r1"
    When A1 posts the ack for "r1" with "/body/status" set to "done"
    Then the response status is 400
    And the response is an error envelope

  @NEG-05 @GW-ACK-02 @GW-ERR-07 @must
  Scenario Outline: NEG-05 an ack without body <member> is refused with 400
    Given E1 submits artifact "r1"
    When A1 posts the ack for "r1" without "/body/<member>"
    Then the response status is 400
    And the response is an error envelope

    Examples:
      | member |
      | msgId  |
      | status |
      | ackAt  |

  @NEG-08 @GW-INT-05 @must
  Scenario Outline: NEG-08 an artifact with the malformed hash <hash> is refused or relayed unchanged
    When E1 posts the artifact for "r1" with "/body/artifactHash" set to "<hash>"
    Then the response status is 202|400|422
    And if accepted, the status of "r1" keeps the submitted artifact hash

    Examples:
      | hash                                                                     |
      | sha256:zz                                                                |
      | sha256:fe94a9a087129947cc76a6749363bff39e0dcfd64398906bb3123df38913b2a   |
      | SHA256:FE94A9A087129947CC76A6749363BFF39E0DCFD64398906BB3123DF38913B2A9  |

  @NEG-10 @GW-ART-11 @must
  Scenario Outline: NEG-10 an artifact with <what> is refused or keeps gateway time
    When E1 posts the artifact for "r1" with "<pointer>" set to "<value>"
    Then the response status is 202|400|422
    And if accepted, the status of "r1" keeps gateway time

    Examples:
      | what                          | pointer         | value          |
      | createdAt one year ahead      | /createdAt      | {{inOneYear}}  |
      | expiresAt ten years ahead     | /body/expiresAt | {{inTenYears}} |

  @NEG-10 @GW-ACK-02 @must
  Scenario: NEG-10 an ack with a future ackAt is accepted or refused with 400 or 422
    Given E1 submits artifact "r1"
    When A1 posts the ack for "r1" with "/body/ackAt" set to "{{inOneYear}}"
    Then the response status is 200|400|404|422

  @NEG-13 @GW-ART-06 @GW-ERR-07 @must
  Scenario: NEG-13 a numeric ciphertext.alg is refused with 400
    When E1 posts the artifact for "r1" with "/body/ciphertext/alg" set to 42
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

  @NEG-13 @TR-INT-03 @must
  Scenario Outline: NEG-13 a ciphertext.alg of <what> is handled per artifact.allowed_cipher_algs
    When E1 posts the artifact for "r1" with "/body/ciphertext/alg" set to <value>
    Then the artifact "r1" is handled per artifact.allowed_cipher_algs

    Examples:
      | what             | value    |
      | an empty string  | ""       |
      | none             | "none"   |
      | ROT13            | "ROT13"  |

  @NEG-17 @GW-ERR-13 @must
  Scenario Outline: NEG-17 a long-poll with timeout=<timeout> is refused with 400 or clamped
    # The exchange is decided first, so a gateway that clamps the value answers at once with the decision.
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 sends GET "/v1/exchanges/{{requestId:r1}}/wait?timeout=<timeout>"
    Then the response status is 200|400

    Examples:
      | timeout |
      | abc     |
      | -5      |
      | 0       |
      | 3600    |

  @NEG-17 @GW-ERR-13 @must
  Scenario Outline: NEG-17 an inbox listing with limit=<limit> is refused with 400 or clamped
    When A1 sends GET "/v1/approvers/{{id:A1}}/inbox?limit=<limit>"
    Then the response status is 200|400
    And the response follows inbox.invalid_limit

    Examples:
      | limit |
      | -1    |
      | abc   |

  @NEG-17 @GW-ERR-13 @must
  Scenario: NEG-17 an inbox listing with a garbage cursor answers per inbox.invalid_cursor_status
    When A1 sends GET "/v1/approvers/{{id:A1}}/inbox?cursor=hc-not-a-cursor"
    Then the response follows inbox.invalid_cursor_status
