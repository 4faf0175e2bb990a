@surface:artifacts
Feature: Submitting artifacts
  An enforcer submits an encrypted artifact with POST /v1/artifacts. The gateway answers
  202 Accepted with an artifact.accepted envelope for the same requestId, treats a byte-identical
  resubmission as a no-op, refuses a requestId reused with another artifactHash (409), and rejects
  an envelope without requestId (400) without creating anything.

  @GW-ART-01 @GW-ART-02 @GW-ERR-05 @must
  Scenario: A valid artifact is accepted
    When E1 submits artifact "r1"
    Then the response status is 202
    And the response is an envelope of type "artifact.accepted"
    And the response field "/requestId" equals "{{requestId:r1}}"

  @GW-IDEM-01 @GW-IDEM-02 @must
  Scenario: Resubmitting the identical artifact is a no-op
    Given E1 submits artifact "r1"
    When E1 submits artifact "r1" again
    Then the response status is 200|202
    And the inbox of A1 holds exactly 1 item for "r1"

  @GW-IDEM-03 @GW-ERR-11 @must
  Scenario: Reusing a requestId with a different artifact hash is a conflict
    Given E1 submits artifact "r1"
    When E1 submits artifact "r1" with a different hash
    Then the response status is 409
    And the response is an error envelope with code "errors.codes.already_exists"

  @GW-ART-03 @must
  Scenario: An artifact without requestId is rejected and nothing is created
    When E1 submits artifact "r1" without "/requestId"
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"
