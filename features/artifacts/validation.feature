@surface:artifacts
Feature: Validating artifact submissions
  POST /v1/artifacts requires sender.enforcerId (seed binding §3.1) and a body with artifactType,
  artifactHash, ciphertext (alg, data) and expiresAt (artifact-submit schema): a missing member or a
  type violation is a 400 validation error with an error envelope, and nothing is created. Optional and
  extensible members (metadata with any keys; ciphertext nonce, tag, aad and vendor keys) are accepted,
  and so is the official test vector TV/01. An accepted artifact creates a durable exchange keyed by
  requestId, whose expiresAt is the submitted one (GW §2.2, §3.1.1).

  @GW-ART-04 @NEG-05 @GW-ERR-07 @must
  Scenario: NEG-05 an artifact whose sender has no enforcerId is rejected with 400
    When E1 posts the artifact for "r1" with "/sender" set to {}
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

  @GW-ART-04 @should
  Scenario: An artifact with an empty sender.enforcerId is rejected with 400 (schema has no minLength: warning only)
    When E1 posts the artifact for "r1" with "/sender/enforcerId" set to ""
    Then the response status is 400
    And there is no side effect on "r1"

  @GW-ART-05 @NEG-05 @GW-ERR-07 @must
  Scenario Outline: NEG-05 an artifact without <member> is rejected with 400
    When E1 posts the artifact for "r1" without "<pointer>"
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

    Examples:
      | member          | pointer                |
      | artifactType    | /body/artifactType     |
      | artifactHash    | /body/artifactHash     |
      | ciphertext      | /body/ciphertext       |
      | ciphertext.alg  | /body/ciphertext/alg   |
      | ciphertext.data | /body/ciphertext/data  |
      | expiresAt       | /body/expiresAt        |

  @GW-ART-06 @NEG-07 @GW-ERR-07 @must
  Scenario Outline: NEG-07 an artifact with <what> is rejected with 400
    When E1 posts the artifact for "r1" with "<pointer>" set to <value>
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

    Examples:
      | what                      | pointer                | value     |
      | an empty artifactType     | /body/artifactType     | ""        |
      | an empty artifactHash     | /body/artifactHash     | ""        |
      | a string ciphertext       | /body/ciphertext       | "x"       |
      | a string metadata         | /body/metadata         | "x"       |
      | a numeric ciphertext.alg  | /body/ciphertext/alg   | 42        |
      | a numeric ciphertext.data | /body/ciphertext/data  | 42        |
      | a non-date expiresAt      | /body/expiresAt        | "soon"    |
      | a numeric artifactType    | /body/artifactType     | 7         |

  @GW-ART-07 @must
  Scenario: Optional and vendor members of ciphertext and free metadata keys are accepted
    When E1 posts the artifact for "r1" patched with:
      """
      {
        "body": {
          "ciphertext": { "nonce": "{{signature}}", "tag": "{{signature}}", "aad": "aGFycA==", "kid": "hc-key-1" },
          "metadata": { "requestLabel": "deploy", "hcVendorKey": { "nested": [1, 2, 3] } }
        }
      }
      """
    Then the response status is 202
    And the response is an envelope of type "artifact.accepted"

  @GW-ART-08 @must
  Scenario: The official test vector TV/01 is accepted with fresh ids and times
    When E1 posts the test vector artifact for "r1" as it is
    Then the response status is 202
    And the response is an envelope of type "artifact.accepted"
    And the response field "/requestId" equals "{{requestId:r1}}"

  @GW-ART-11 @must
  Scenario: An accepted artifact creates an exchange with the submitted expiry
    When E1 posts the artifact for "r1" as it is
    Then the response status is 202
    And the status of "r1" matches its submission
