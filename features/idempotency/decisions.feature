@surface:decisions
Feature: Idempotent decisions and decision conflicts
  Resubmitting an identical decision is a successful no-op: 200 decision.accepted, no new
  decision.deliver, no state change (GW §5.2). A different decision on a decided exchange is a 409 with
  AlreadyDecidedConflict, and the recorded outcome never changes (GW §3.1.2). Decision idempotency is
  keyed by (requestId, signerKeyId, nonce) or by (requestId, decisionHash) (decision.idempotency_key):
  a resubmission that differs only in non-key members is a no-op. When the key matches but the
  decision differs, the reply is a 200 no-op or a 409, and the outcome stays (C-06).

  @GW-IDEM-06 @NEG-22 @must
  Scenario: NEG-22 an identical decision resubmitted is a no-op
    Given E1 submits artifact "r1"
    And A1 posts the decision for "r1" as it is
    When E1 waits up to 5 seconds for the decision on "r1"
    Then the response is remembered as "dd1"
    When A1 posts the decision for "r1" again
    Then the response status is 200
    And the response is an envelope of type "decision.accepted"
    And the status of "r1" reads state "decided"
    When E1 waits up to 5 seconds for the decision on "r1"
    Then the response is remembered as "dd2"
    And "dd1" and "dd2" carry the same msgId

  @GW-IDEM-07 @GW-ERR-11 @must
  Scenario: A different decision with a fresh nonce on a decided exchange is a conflict
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When A1 decides "r1" with "reject"
    Then the response status is 409
    And the response is an error envelope with code "errors.codes.already_decided"
    And the recorded decision of "r1" is "approve"

  @GW-IDEM-07 @GW-ERR-11 @must
  Scenario: A second approver's decision on a decided exchange is a conflict
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When A2 decides "r1" with "reject"
    Then the response status is 409
    And the response is an error envelope with code "errors.codes.already_decided"
    And the recorded decision of "r1" is "approve"

  @GW-IDEM-08 @must
  Scenario: The same idempotency key with another decision never changes the outcome
    Given E1 submits artifact "r1"
    And A1 posts the decision for "r1" with "/body/nonce" set to "hc-n1-{{requestId}}"
    When A1 posts the decision for "r1" patched with:
      """
      { "body": { "nonce": "hc-n1-{{requestId}}", "decision": "reject" } }
      """
    Then the response status is 200|409
    And the recorded decision of "r1" is "approve"

  @GW-IDEM-09 @must
  Scenario: A resubmission that differs only in reason is a no-op under either idempotency key
    Given E1 submits artifact "r1"
    And A1 posts the decision for "r1" patched with:
      """
      { "body": { "nonce": "hc-n1-{{requestId}}", "decisionHash": "sha256:d1-{{requestId}}" } }
      """
    When A1 posts the decision for "r1" patched with:
      """
      { "body": { "nonce": "hc-n1-{{requestId}}", "decisionHash": "sha256:d1-{{requestId}}", "reason": "said again" } }
      """
    Then the response status is 200
    And the response is an envelope of type "decision.accepted"
    And the recorded decision of "r1" is "approve"
