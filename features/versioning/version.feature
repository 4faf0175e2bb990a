@surface:versioning
Feature: Versioning and compatibility
  Unsupported major versions are refused (COMPLIANCE §6). The gateway envelope carries no version
  field, so the only major marker on the wire is the /v1 path prefix (C-29): a submission to /v2 is not
  served (404 or 400, never 2xx) and creates nothing. A compliance declaration (harpVersion,
  conformanceLevel, algorithms, transport, mTLS) is published off the wire; the suite checks it when
  version.declaration_path names it.

  @CMP-VER-01 @must
  Scenario: A valid artifact sent to /v2 is not processed
    When E1 sends POST "/v2/artifacts" with body:
      """
      {"msgType":"artifact.submit","msgId":"{{msgId}}","requestId":"{{requestId:r1}}","createdAt":"{{now}}",
       "sender":{"enforcerId":"{{enforcerId}}"},
       "body":{"artifactType":"core.artifact","artifactHash":"{{artifactHash:r1}}",
               "ciphertext":{"alg":"XChaCha20-Poly1305","data":"{{ciphertext}}"},
               "metadata":{"approverId":"{{approverId}}"},"expiresAt":"{{expiresAt}}"}}
      """
    Then the response status is 404|400|405
    And there is no side effect on "r1"
