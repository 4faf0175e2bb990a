@surface:inbox @ext
Feature: The active inbox under the expanded binding
  BND §3.3 lists only pending items: an item whose exchange is decided, expired or withdrawn must not
  appear, and any item status reads Pending (compared without case, C-04). It also makes a malformed
  cursor or limit a parameter error (§8). The seed binding is silent on both, so these run in the ext
  profile only (C-02); limit handling follows inbox.invalid_limit (reject, clamp or either) and the
  cursor answer inbox.invalid_cursor_status.

  @GW-INB-04 @must
  Scenario: Decided and expired exchanges leave the active inbox, and listed items read Pending
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    And E1 submits artifact "r2" expiring after the short TTL
    And E1 submits artifact "r3"
    When the short TTL of "r2" has run out
    Then the active inbox of A1 does not list "r1"
    And the active inbox of A1 does not list "r2"
    And the active inbox of A1 lists "r3"
    And every item of the active inbox of A1 has status Pending

  @GW-INB-06 @must
  Scenario: A malformed cursor is a parameter error
    When A1 sends GET "/v1/approvers/{{id:A1}}/inbox?cursor=%25garbage"
    Then the response follows inbox.invalid_cursor_status
    And the response is an error envelope

  @GW-INB-06 @must
  Scenario Outline: A malformed limit is rejected or clamped (limit=<limit>)
    When A1 sends GET "/v1/approvers/{{id:A1}}/inbox?limit=<limit>"
    Then the response follows inbox.invalid_limit

    Examples:
      | limit |
      | -1    |
      | abc   |
