@surface:decisions
Feature: Validating decision submissions
  POST /v1/decisions requires requestId and sender.approverId (seed binding §3.2) and a body with
  artifactHash, decision, signerKeyId, nonce and signature (decision-submit schema). decision is
  exactly "approve" or "reject" (the old CORE values allow/deny are unknown, C-44). A violation is a 400
  with an error envelope and leaves the exchange pendingApproval. reason and decisionHash are optional.
  A decision on an expired exchange is refused (decision.terminal_refusal_status) and the state stays
  expired; a decision for another artifactHash is refused (422 preferred) or, if the gateway does not
  compare hashes, relayed unmodified (decision.hash_mismatch). Signatures are opaque to the gateway
  unless decision.gateway_verifies_signature says otherwise.

  @GW-DEC-02 @NEG-05 @GW-ERR-07 @must
  Scenario: NEG-05 a decision without requestId is rejected with 400
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" without "/requestId"
    Then the response status is 400
    And the response is an error envelope
    And the status of "r1" reads state "pendingApproval"

  @GW-DEC-03 @NEG-05 @GW-ERR-07 @must
  Scenario: NEG-05 a decision whose sender has no approverId is rejected with 400
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" with "/sender" set to {}
    Then the response status is 400
    And the response is an error envelope
    And the status of "r1" reads state "pendingApproval"

  @GW-DEC-03 @should
  Scenario: A decision with an empty sender.approverId is rejected with 400 (warning only)
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" with "/sender/approverId" set to ""
    Then the response status is 400
    And the status of "r1" reads state "pendingApproval"

  @GW-DEC-04 @NEG-05 @GW-ERR-07 @must
  Scenario Outline: NEG-05 a decision without <member> is rejected with 400
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" without "/body/<member>"
    Then the response status is 400
    And the response is an error envelope
    And the status of "r1" reads state "pendingApproval"

    Examples:
      | member       |
      | artifactHash |
      | decision     |
      | signerKeyId  |
      | nonce        |
      | signature    |

  @GW-DEC-05 @NEG-06 @GW-ERR-07 @must
  Scenario Outline: NEG-06 a decision of <value> is rejected with 400
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" with "/body/decision" set to <value>
    Then the response status is 400
    And the response is an error envelope
    And the status of "r1" reads state "pendingApproval"

    Examples:
      | value      |
      | "approved" |
      | "APPROVE"  |
      | "allow"    |
      | "deny"     |
      | ""         |
      | true       |

  @GW-DEC-06 @must
  Scenario: An approval with every optional member is accepted and decides the exchange
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" with "/body/decisionHash" set to "sha256:{{uuid}}"
    Then the response status is 200
    And the response is an envelope of type "decision.accepted"
    And the status of "r1" reads state "decided"

  @GW-DEC-06 @must
  Scenario: A rejection without optional members is accepted and decides the exchange
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" patched with:
      """
      { "body": { "decision": "reject", "reason": null } }
      """
    Then the response status is 200
    And the response is an envelope of type "decision.accepted"
    And the status of "r1" reads state "decided"

  @GW-DEC-08 @NEG-22 @must
  Scenario: NEG-22 a decision on an exchange that expired undecided is refused and the state stays expired
    Given E1 posts the artifact for "r1" with "/body/expiresAt" set to "{{shortTtl}}"
    When the exchange "r1" has expired
    And A1 posts the decision for "r1" as it is
    Then the response follows decision.terminal_refusal_status
    And the response is an error envelope
    And the status of "r1" reads state "expired"

  @GW-DEC-09 @NEG-08 @NEG-22 @must
  Scenario: NEG-08 a decision for another artifactHash is handled per decision.hash_mismatch
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" with "/body/artifactHash" set to "{{otherHash}}"
    Then the decision on "r1" is handled per decision.hash_mismatch

  @GW-DEC-10 @must
  Scenario: The official test vector TV/03 with its placeholder signature is handled per decision.gateway_verifies_signature
    Given E1 posts the test vector artifact for "r1" as it is
    When A1 posts the test vector decision for "r1" as it is
    Then the decision on "r1" is handled per decision.gateway_verifies_signature

  @GW-DEC-10 @NEG-09 @must
  Scenario Outline: NEG-09 a decision with a <what> signature is handled per decision.gateway_verifies_signature
    Given E1 submits artifact "r1"
    When A1 posts the decision for "r1" with "/body/signature" set to <value>
    Then the decision on "r1" is handled per decision.gateway_verifies_signature

    Examples:
      | what           | value                    |
      | truncated      | "c2lnbmF0dXJl"           |
      | non-base64     | "not base64 at all!*"    |
      | empty          | ""                       |
      | flipped        | "{{signature}}x"         |
