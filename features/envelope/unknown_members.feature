@surface:envelope
Feature: Unknown members in submissions
  The gateway schemas are closed (additionalProperties: false), yet backward compatibility and the
  Harbor tolerance rule suggest ignoring unknown members (REQUIREMENTS.md C-38). A gateway may reject
  them with 400 or ignore them, as strict.unknown_request_fields says (default: either), but it must
  react the same way every time and never answer 5xx.

  @GW-ENV-12 @NEG-18 @should
  Scenario: NEG-18 unknown members in an artifact get the same reaction every time
    When E1 posts the artifact for "r1" with "/harpVersion" set to "0.2"
    Then the gateway rejects or ignores the unknown member consistently
    When E1 posts the artifact for "r2" with "/sender/actor" set to "enforcer"
    Then the gateway rejects or ignores the unknown member consistently
    When E1 posts the artifact for "r3" with "/body/hcExtra" set to "x"
    Then the gateway rejects or ignores the unknown member consistently
    When E1 posts the artifact for "r4" with "/sender/deviceId" set to "dev-1"
    Then the gateway rejects or ignores the unknown member consistently

  @GW-ENV-12 @NEG-18 @should
  Scenario: NEG-18 unknown members in a decision get the same reaction every time
    Given E1 submits artifact "r1"
    And E1 submits artifact "r2"
    And E1 submits artifact "r3"
    When A1 posts the decision for "r1" with "/harpVersion" set to "0.2"
    Then the gateway rejects or ignores the unknown member consistently
    When A1 posts the decision for "r2" with "/sender/actor" set to "approver"
    Then the gateway rejects or ignores the unknown member consistently
    When A1 posts the decision for "r3" with "/body/sigAlg" set to "Ed25519"
    Then the gateway rejects or ignores the unknown member consistently

  @GW-ENV-12 @NEG-18 @should
  Scenario: NEG-18 unknown members in an ack get the same reaction every time
    Given E1 submits artifact "r1"
    When A1 posts the ack for "r1" with "/harpVersion" set to "0.2"
    Then the gateway rejects or ignores the unknown member consistently
    When A1 posts the ack for "r1" with "/body/hcExtra" set to "x"
    Then the gateway rejects or ignores the unknown member consistently
