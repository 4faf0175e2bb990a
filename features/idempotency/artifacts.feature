@surface:artifacts
Feature: Idempotent artifact submission
  The artifact idempotency key is (requestId, artifactHash) (GW §5.1): a resubmission with the same key
  succeeds and creates no second approval request, even when ciphertext, metadata or expiresAt differ
  (nothing changes); a different artifactHash under the same requestId is a 409 that leaves the
  original exchange untouched. Clients send an Idempotency-Key header (HARP-TRANSPORT §4.2); what a
  gateway does without it is not specified (transport.idempotency_key_required, C-10).

  @GW-IDEM-02 @must
  Scenario: A duplicate submission pushes no approval request with a new msgId
    Given A1 opens the approver stream as "a1-stream"
    When E1 submits artifact "r1"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the received "approval.request" is remembered as "first"
    When E1 submits artifact "r1" again
    Then the response status is 200|202
    And the inbox of A1 holds exactly 1 item for "r1"
    And every "approval.request" for "r1" on "a1-stream" carries the msgId of "first"

  @GW-IDEM-04 @NEG-08 @must
  Scenario: NEG-08 a conflicting resubmission leaves the original exchange untouched
    Given E1 posts the artifact for "r1" as it is
    When E1 posts the artifact for "r1" with "/body/artifactHash" set to "{{otherHash}}"
    Then the response status is 409
    And the response is an error envelope with code "errors.codes.already_exists"
    When E1 fetches the status of "r1"
    Then the response field "/body/artifactHash" equals "{{artifactHash:r1}}"
    And the status of "r1" reads state "pendingApproval"
    And the inbox of A1 holds exactly 1 item for "r1"
    And the inbox item of A1 for "r1" is remembered as "item"
    And "item" carries the artifact type and hash submitted for "r1"

  @GW-IDEM-04 @NEG-08 @must
  Scenario: NEG-08 a requestId reused with one flipped hash character is a conflict
    Given E1 posts the artifact for "r1" with "/body/artifactHash" set to "sha256:0000000000000000000000000000000000000000000000000000000000000000"
    When E1 posts the artifact for "r1" with "/body/artifactHash" set to "sha256:0000000000000000000000000000000000000000000000000000000000000001"
    Then the response status is 409
    And the response is an error envelope with code "errors.codes.already_exists"
    When E1 fetches the status of "r1"
    Then the response field "/body/artifactHash" equals "sha256:0000000000000000000000000000000000000000000000000000000000000000"

  @GW-IDEM-05 @must
  Scenario: Same requestId and hash with other ciphertext and metadata succeeds and changes nothing
    Given E1 posts the artifact for "r1" carrying 1 KiB of random ciphertext
    And the artifact submitted for "r1" is remembered as "first"
    When E1 posts the artifact for "r1" patched with:
      """
      { "body": { "ciphertext": { "data": "{{ciphertext}}" }, "metadata": { "repoName": "changed" }, "expiresAt": "{{inOneYear}}" } }
      """
    Then the response status is 200|202
    And the inbox of A1 holds exactly 1 item for "r1"
    And the inbox item of A1 for "r1" is remembered as "after"
    And "after" carries the ciphertext submitted for "first"

  @TR-IDEM-01 @must
  Scenario: An artifact with an Idempotency-Key header is accepted; without one, per transport.idempotency_key_required
    When E1 posts the artifact for "r1" as it is
    Then the response status is 202
    When E1 posts the artifact for "r2" without an Idempotency-Key header
    Then the response follows transport.idempotency_key_required
