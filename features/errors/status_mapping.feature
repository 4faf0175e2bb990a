@surface:errors
Feature: Error model and HTTP status mapping
  Each HTTP status means one thing (seed binding §3, §8; HARP-TRANSPORT §4.3, §10): 200 processed,
  202 queued, 204 success without a body, 400 validation, 401 authentication, 403 authorization,
  409 conflict, 422 semantic failure; 5xx only for server faults. Error bodies are error envelopes
  (code and message strings; retryable, when present, a boolean). An error about a known requestId
  carries it, and conflict codes differ from validation codes.

  @GW-ERR-04 @must
  Scenario: Processed requests answer 200: decision, status, inbox, ack and a long-poll with a decision
    Given A1 opens the approver stream as "a1-stream"
    When E1 submits artifact "r1"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    When E1 fetches the status of "r1"
    Then the response status is 200
    When A1 sends GET "/v1/approvers/{{id:A1}}/inbox"
    Then the response status is 200
    When A1 acknowledges the "approval.request" received on "a1-stream"
    Then the response status is 200
    When A1 decides "r1" with "approve"
    Then the response status is 200
    When E1 waits up to 5 seconds for the decision on "r1"
    Then the response status is 200

  @GW-ERR-06 @must
  Scenario: A long-poll that times out answers 204 with an empty body
    Given E1 submits artifact "r1"
    When E1 waits up to 1 seconds for the decision on "r1"
    Then the response status is 204
    And the response body is empty

  @GW-ERR-08 @must
  Scenario: A submission without credentials answers 401 with an error envelope
    When an anonymous client posts the artifact for "r1" as it is
    Then the response status is 401
    And the response is an error envelope
    And there is no side effect on "r1"

  @GW-ERR-09 @must
  Scenario: An approver submitting an artifact is refused with 403
    When A1 submits artifact "r1"
    Then the response status is 403
    And the response is an error envelope
    And there is no side effect on "r1"

  @GW-ERR-02 @GW-ERR-11 @must
  Scenario: A conflict error carries the requestId it concerns
    Given E1 posts the artifact for "r1" as it is
    When E1 posts the artifact for "r1" with "/body/artifactHash" set to "{{otherHash}}"
    Then the response status is 409
    And the error names the requestId of "r1"

  @GW-ERR-03 @TR-ERR-02 @must
  Scenario: Conflict and validation errors carry different codes that fit their status
    Given E1 posts the artifact for "r1" as it is
    When E1 posts the artifact for "r2" without "/body/artifactType"
    Then the response status is 400
    And the error code fits the status
    And the response is remembered as "validation"
    When E1 posts the artifact for "r1" with "/body/artifactHash" set to "{{otherHash}}"
    Then the response status is 409
    And the error code fits the status
    And the error code differs from that of "validation"
    Given A1 decides "r1" with "approve"
    When A1 decides "r1" with "reject"
    Then the response status is 409
    And the error code fits the status
    And the error code differs from that of "validation"

  @TR-ERR-01 @GW-ERR-01 @must
  Scenario Outline: An error for <what> has a code, a message and at most a boolean retryable
    Given E1 posts the artifact for "r1" as it is
    When E1 posts the <kind> for "<alias>" <variation>
    Then the response status is <status>
    And the response is an error envelope
    And the error's retryable member, if any, is a boolean

    Examples:
      | what                | kind     | alias | variation                                               | status |
      | a validation error  | artifact | r2    | without "/body/ciphertext"                              | 400    |
      | a conflict          | artifact | r1    | with "/body/artifactHash" set to "{{otherHash}}"        | 409    |
      | malformed JSON      | artifact | r3    | truncated at half its bytes                             | 400    |

  @GW-ERR-12 @GW-ART-09 @NEG-11 @must
  Scenario: NEG-11 an artifact whose expiresAt is already past is refused (422 in the ext profile) and nothing is created
    When E1 posts the artifact for "r1" with "/body/expiresAt" set to "{{pastBeyondSkew}}"
    Then the response follows artifact.expired_status
    And the response is an error envelope
    And there is no side effect on "r1"
