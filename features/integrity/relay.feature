@surface:integrity
Feature: Payload integrity and zero-knowledge relay
  The gateway relays what it cannot read (HARP-TRANSPORT §2, GW §2.1 and §9): ciphertext reaches the
  approver byte-identical, any opaque ciphertext is accepted, decisions reach the enforcer unmodified
  (every member of the submitted decision body, byte for byte), and artifactType and artifactHash
  reappear unchanged (no prefix stripped, no case changed). Member order inside the decision body is
  kept; that check only reports unless strict.key_order is set.

  @TR-INT-02 @must
  Scenario: The approver receives the submitted ciphertext byte-identical on its stream and in its inbox
    Given A1 opens the approver stream as "a1-stream"
    When E1 posts the artifact for "r1" carrying 4 KiB of random ciphertext
    Then the response status is 202
    And "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the received "approval.request" is remembered as "ar"
    And "ar" carries the ciphertext submitted for "r1"
    And the inbox item of A1 for "r1" is remembered as "item"
    And "item" carries the ciphertext submitted for "r1"

  @TR-INT-03 @must
  Scenario: Ciphertext the gateway cannot decrypt is accepted
    When E1 posts the artifact for "r1" carrying 1 KiB of random ciphertext
    Then the response status is 202
    And the response is an envelope of type "artifact.accepted"

  @TR-INT-01 @must
  Scenario: The decision body reaches the enforcer unmodified
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" patched with:
      """
      { "body": { "reason": "ok — ünïcødé \"quoted\" \\ slash", "decisionHash": "sha256:{{uuid}}" } }
      """
    Then the response status is 200
    When E1 waits up to 5 seconds for the decision on "r1"
    Then the response status is 200
    And the response is remembered as "dd"
    And "dd" carries the decision body submitted for "r1"

  @TR-INT-04 @should
  Scenario: Member order inside the decision body is kept (reported; enforced by strict.key_order)
    # The template order artifactHash, decision, reason, signerKeyId, nonce, signature is not alphabetical.
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" as it is
    Then the response status is 200
    When E1 waits up to 5 seconds for the decision on "r1"
    Then the response is remembered as "dd"
    And "dd" keeps the member order of the decision submitted for "r1"

  @GW-INT-05 @must
  Scenario: artifactType and artifactHash reappear unchanged in the approval request, the inbox and the status
    Given A1 opens the approver stream as "a1-stream"
    When E1 posts the artifact for "r1" as it is
    Then the response status is 202
    And "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the received "approval.request" is remembered as "ar"
    And "ar" carries the artifact type and hash submitted for "r1"
    And the inbox item of A1 for "r1" is remembered as "item"
    And "item" carries the artifact type and hash submitted for "r1"
    And the status of "r1" is remembered as "st"
    And "st" carries the artifact type and hash submitted for "r1"
