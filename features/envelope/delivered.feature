@surface:envelope
Feature: Envelopes the gateway emits
  Every REST response body, SSE data payload and WS frame the gateway emits is an Envelope with
  msgType, requestId, createdAt, sender and body (seed binding §2, GW §2.4). Every timestamp it emits is
  an RFC 3339 date-time (seed binding §1). Delivered messages (approval.request, decision.deliver)
  carry a non-empty msgId, distinct per message (GW §3.2), carry createdAt and an expiresAt (or let
  the status supply it), name the gateway as sender and the addressee in recipient. IDs are
  case-sensitive: requestIds that differ only in case are separate exchanges.

  @GW-ENV-07 @must
  Scenario: Submission replies, status and delivered messages are complete envelopes
    Given A1 opens the approver stream as "a1-stream"
    When E1 posts the artifact for "r1" as it is
    Then the response is an envelope of type "artifact.accepted"
    And "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the received "approval.request" is remembered as "ar"
    And "ar" is an envelope of type "approval.request"
    When E1 fetches the status of "r1"
    Then the response is an envelope of type "exchange.status"
    When A1 decides "r1" with "approve"
    Then the response is an envelope of type "decision.accepted"
    When E1 waits up to 5 seconds for the decision on "r1"
    Then the response is an envelope of type "decision.deliver"
    When A1 acknowledges the "approval.request" received on "a1-stream"
    Then the response is an envelope of type "ack.accepted"

  @GW-ENV-05 @must
  Scenario: Every timestamp the gateway emits is RFC 3339
    Given A1 opens the approver stream as "a1-stream"
    When E1 posts the artifact for "r1" as it is
    Then every timestamp in the response is RFC 3339
    And "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the received "approval.request" is remembered as "ar"
    And every timestamp in "ar" is RFC 3339
    When E1 fetches the status of "r1"
    Then every timestamp in the response is RFC 3339
    When A1 sends GET "/v1/approvers/{{id:A1}}/inbox"
    Then every timestamp in the response is RFC 3339
    When A1 decides "r1" with "approve"
    Then every timestamp in the response is RFC 3339
    When E1 waits up to 5 seconds for the decision on "r1"
    Then every timestamp in the response is RFC 3339
    When E1 posts the artifact for "r1" with "/body/artifactHash" set to "{{otherHash}}"
    Then every timestamp in the response is RFC 3339

  @GW-ENV-06 @must
  Scenario: Two requestIds that differ only in case are separate exchanges
    When E1 submits artifact "x-AbC"
    Then the response status is 202
    When E1 submits artifact "x-abc"
    Then the response status is 202
    When E1 fetches the status of "x-AbC"
    Then the response field "/body/artifactHash" equals "{{artifactHash:x-AbC}}"
    When E1 fetches the status of "x-abc"
    Then the response field "/body/artifactHash" equals "{{artifactHash:x-abc}}"

  @GW-ENV-14 @must
  Scenario: Delivered messages carry distinct, non-empty msgIds
    Given A1 opens the approver stream as "a1-stream"
    When E1 submits artifact "r1"
    And E1 submits artifact "r2"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the received "approval.request" is remembered as "ar1"
    And "a1-stream" receives "approval.request" for "r2" within the delivery window
    And the received "approval.request" is remembered as "ar2"
    And "ar1" carries a non-empty msgId
    And "ar2" carries a non-empty msgId
    And "ar1" and "ar2" carry different msgIds
    When A1 decides "r1" with "approve"
    And E1 waits up to 5 seconds for the decision on "r1"
    Then the response is remembered as "dd1"
    And "dd1" carries a non-empty msgId
    And "dd1" and "ar1" carry different msgIds

  @GW-ENV-15 @must
  Scenario: Delivered messages carry createdAt and an expiresAt
    Given A1 opens the approver stream as "a1-stream"
    When E1 posts the artifact for "r1" as it is
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the received "approval.request" is remembered as "ar"
    And "ar" carries createdAt and an expiresAt for "r1"
    When A1 decides "r1" with "approve"
    And E1 waits up to 5 seconds for the decision on "r1"
    Then the response is remembered as "dd"
    And "dd" carries createdAt and an expiresAt for "r1"

  @GW-ENV-15 @should
  Scenario: A delivered expiresAt is the artifact's expiresAt
    Given A1 opens the approver stream as "a1-stream"
    When E1 posts the artifact for "r1" as it is
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the received "approval.request" is remembered as "ar"
    And the expiresAt of "ar" is the one submitted for "r1"
    When A1 decides "r1" with "approve"
    And E1 waits up to 5 seconds for the decision on "r1"
    Then the response is remembered as "dd"
    And the expiresAt of "dd" is the one submitted for "r1"

  @GW-ENV-16 @must
  Scenario: Delivered messages name the gateway as sender and their addressee as recipient
    Given A1 opens the approver stream as "a1-stream"
    When E1 posts the artifact for "r1" as it is
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the received "approval.request" is remembered as "ar"
    And "ar" names the gateway as sender and A1 as recipient
    When A1 decides "r1" with "approve"
    And E1 waits up to 5 seconds for the decision on "r1"
    Then the response is remembered as "dd"
    And "dd" names the gateway as sender and E1 as recipient
