@surface:inbox_expired @optional
Feature: The expired inbox
  GET /v1/approvers/{approverId}/inbox/expired (BND §3.4) lists, as an inbox.page with the same body
  schema as the active inbox, the exchanges routed to the approver that expired undecided (item
  status Expired). Pending, decided and withdrawn exchanges are not listed there, and an expired one
  disappears from the active inbox. A 404/405/501 on the first read means the surface is not served
  and the scenario is skipped (CLI-01).

  @GW-INBX-01 @must
  Scenario: The expired inbox answers an inbox.page
    When A1 reads its expired inbox
    Then the response status is 200
    And the response field "/msgType" equals "inbox.page"
    And the response body validates against schema "inbox-page"

  @GW-INBX-02 @GW-INB-04 @must
  Scenario: An exchange that expired undecided moves from the active to the expired inbox
    Given A1 reads its expired inbox
    And E1 submits artifact "r1" expiring after the short TTL
    When the short TTL of "r1" has run out
    Then the expired inbox of A1 lists "r1"
    And the expired inbox item of A1 for "r1" has status "Expired"
    And the active inbox of A1 does not list "r1"

  @GW-INBX-03 @must
  Scenario: Pending and decided exchanges are not in the expired inbox
    Given A1 reads its expired inbox
    And E1 submits artifact "r1"
    And E1 submits artifact "r2"
    When A1 decides "r2" with "approve"
    Then the response status is 200
    And the expired inbox of A1 does not list "r1"
    And the expired inbox of A1 does not list "r2"
