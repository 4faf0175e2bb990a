@surface:inbox
Feature: The approver inbox
  GET /v1/approvers/{approverId}/inbox?cursor=&limit= returns 200 with an `inbox.page` envelope whose
  body holds `items` (objects) and `nextCursor` (a string or null) and nothing else (seed binding §3.3,
  SCH/inbox-page). Every pending approval request routed to the approver can be fetched there whether
  or not a real-time channel is open, and stays there until acknowledged, expired or past retention,
  even after real-time delivery (HARP-GW §3.3, §7.3). `limit` caps a page, a non-null `nextCursor`
  fetches the next page, a full traversal lists every pending item once, and the last page has
  `nextCursor: null`. Cursors are opaque. An item names its exchange (`inbox.item_request_id_pointer`,
  default /requestId) and carries the approval-request content unchanged (artifactHash, ciphertext).
  The empty-inbox check needs an approver with nothing pending (AX, the second tenant's approver);
  when other scenarios of the run (or earlier runs) left items there, it does not apply.

  @GW-INB-01 @GW-INB-02 @must
  Scenario: The inbox answers an inbox.page envelope with items and nextCursor only
    Given E1 submits artifact "r1"
    When A1 lists its inbox
    Then the response status is 200
    And the response is an envelope of type "inbox.page"
    And the response body validates against schema "inbox-page"

  @GW-INB-03 @GW-DLV-01 @must
  Scenario: A pending approval request is in the inbox with no real-time channel open
    Given E1 submits artifact "r1"
    Then the response status is 202
    And the inbox of A1 holds exactly 1 item for "r1"

  @GW-INB-05 @must
  Scenario: Paging with limit=2 lists every pending item exactly once and ends with a null cursor
    Given E1 submits artifact "p1" addressed to A2
    And E1 submits artifact "p2" addressed to A2
    And E1 submits artifact "p3" addressed to A2
    And E1 submits artifact "p4" addressed to A2
    And E1 submits artifact "p5" addressed to A2
    When A2 pages through its inbox 2 items at a time
    Then no page holds more than 2 items
    And the pages list each of "p1, p2, p3, p4, p5" exactly once
    And the last page has a null nextCursor
    And every page validates against schema "inbox-page"

  @GW-INB-07 @must
  Scenario: An approver with nothing routed to it gets an empty page with a null cursor
    When AX lists its inbox
    Then the response status is 200
    And the response is an envelope of type "inbox.page"
    And the inbox page of AX is empty with a null nextCursor

  @GW-INB-08 @must
  Scenario: An inbox item names its exchange and carries the submitted hash and ciphertext unchanged
    Given E1 submits artifact "r1"
    When A1 pages through its whole inbox
    Then the inbox item of "r1" carries the submitted artifact hash and ciphertext

  @GW-INB-09 @must
  Scenario: An approval request delivered in real time but not acknowledged stays in the inbox
    Given A1 opens the approver stream as "a1-stream"
    And E1 submits artifact "r1"
    Then "a1-stream" receives "approval.request" for "r1" within the delivery window
    And the inbox of A1 holds exactly 1 item for "r1"
