@surface:inbox_delete @optional
Feature: Deleting an inbox item
  DELETE /v1/approvers/{approverId}/inbox/{requestId} (BND §3.5) removes an item from that approver's
  active inbox and answers 204 with no body (GW-ENV-17). Deleting an item that does not exist, or
  deleting the same item twice, is 404. Whether the exchange or other approvers' inboxes change is
  undefined (C-39) and not asserted. A 404/405/501 when deleting an item just created means the surface
  is not served and the scenario is skipped (CLI-01).

  @GW-INBD-01 @GW-INBD-02 @GW-ENV-17 @must
  Scenario: Deleting an inbox item answers 204 with no body, and the item is gone
    Given E1 submits artifact "r1"
    And the active inbox of A1 lists "r1"
    When A1 deletes its inbox item for "r1"
    Then the 204 answer has an empty body
    And the active inbox of A1 does not list "r1"

  @GW-INBD-03 @GW-ERR-10 @must
  Scenario: Deleting an item twice, or one that never existed, is 404
    Given E1 submits artifact "r1"
    And A1 has deleted its inbox item for "r1"
    When A1 deletes its inbox item for "r1"
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope
    When A1 deletes its inbox item for "ghost"
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope
