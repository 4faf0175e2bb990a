@surface:limits
Feature: Size limits and transport fragmentation
  Oversize payloads are refused with 413 and not processed (HARP-TRANSPORT §8). The recommended maximum
  for an artifact payload is 2 MB; the suite reads the target's limit from limits.artifact_max_bytes and
  asserts 413 at four times that size, clear of MB/MiB ambiguity (C-32). Bodies below the limit are
  accepted. A 413 the gateway produces is an error envelope (a proxy's non-JSON 413 is tolerated when
  limits.413_from_proxy_ok). A server may close the connection while the oversize body is still being
  sent (RFC 9110 §15.5.14), in which case the client cannot read the 413; that counts as a refusal,
  and the scenario then checks that nothing was created. Chunked transfer encoding of request bodies is allowed (§9).

  @TR-SIZE-01 @TR-SIZE-04 @NEG-14 @must
  Scenario: NEG-14 an artifact four times the size limit is refused with 413 and nothing is created
    When E1 posts the artifact for "r1" padded to 4 times the artifact size limit
    Then the upload is refused with 413 or by closing the connection
    And there is no side effect on "r1"

  @TR-SIZE-02 @should
  Scenario: An 8 MiB artifact is refused with 413 (recommended limit 2 MB)
    When E1 posts the artifact for "r1" padded to 8 MiB
    Then the upload is refused with 413 or by closing the connection
    And there is no side effect on "r1"

  @TR-SIZE-03 @must
  Scenario: An artifact 64 KiB below the size limit is accepted
    When E1 posts the artifact for "r1" padded to 64 KiB below the artifact size limit
    Then the response status is 202
    And the response is an envelope of type "artifact.accepted"

  @TR-SIZE-06 @must
  Scenario: An artifact sent with chunked transfer encoding is accepted
    When E1 posts the artifact for "r1" in chunked encoding
    Then the response status is 202
    And the response is an envelope of type "artifact.accepted"
