@surface:withdraw @optional
Feature: Withdrawing a pending exchange
  The expanded binding (BND §3.8, CMP §2.10) lets the enforcer that owns a pending exchange withdraw
  it with POST /v1/exchanges/{requestId}/withdraw. No request body is defined; the suite sends none
  unless withdraw.request_body says otherwise (C-08). The answer is 200 with an exchange.withdrawn
  envelope (TV/06: state Withdrawn, withdrawnAt, optional reason). Afterwards the exchange is
  withdrawn, its items leave every approver's active inbox, and it accepts no decision. Withdrawing a
  decided (or delivered, C-18), expired or already withdrawn exchange is 409 (C-40: strict), an unknown
  one 404, and only the owning enforcer may withdraw.
  The Withdrawn state is OPTIONAL (GW §4.1): a 404/405/501 for an exchange just created means the
  surface is not served and the scenario is skipped (CLI-01). Codes only the expanded binding defines
  are exact in the ext profile and "any 4xx plus an error envelope" in the seed profile (C-01).

  @GW-WDR-01 @GW-WDR-02 @GW-WDR-03 @must
  Scenario: Withdrawing a pending exchange answers exchange.withdrawn and the exchange is withdrawn
    Given E1 submits artifact "r1"
    When E1 withdraws "r1"
    Then the response status is 200
    And the response is an envelope of type "exchange.withdrawn"
    And the response reports "r1" withdrawn just now
    And the exchange "r1" is in state "withdrawn"

  @GW-WDR-04 @GW-INB-04 @must @ext
  Scenario: A withdrawn exchange leaves every approver's active inbox
    Given E1 submits artifact "r1"
    And the active inbox of A1 lists "r1"
    When E1 withdraws "r1"
    Then the response status is 200
    And the active inbox of A1 stops listing "r1" within the delivery window
    And the active inbox of A2 does not list "r1"

  @GW-WDR-04 @should @ext
  Scenario: The withdrawn exchange leaves the active inbox without delay
    Given E1 submits artifact "r1"
    When E1 withdraws "r1"
    Then the response status is 200
    And the active inbox of A1 stops listing "r1" within timing.consistency_s

  @GW-WDR-05 @must
  Scenario: A withdrawn exchange accepts no decision
    Given E1 submits artifact "r1"
    And E1 has withdrawn "r1"
    When A1 decides "r1" with "approve"
    Then the response follows decision.terminal_refusal_status
    And the response is an error envelope
    And the exchange "r1" is in state "withdrawn"

  @GW-WDR-06 @must
  Scenario: Withdrawing a decided exchange is a conflict and changes nothing
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 withdraws "r1"
    Then the response status is 409, or any 4xx in the seed profile
    And the response is an error envelope
    And the exchange "r1" is in state "decided|delivered"

  @GW-WDR-06 @must
  Scenario: Withdrawing a delivered exchange is a conflict like a decided one (C-18)
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 5 seconds for the decision on "r1"
    And E1 acknowledges the message in the response with status "processed"
    And E1 withdraws "r1"
    Then the response status is 409, or any 4xx in the seed profile
    And the response is an error envelope
    And the exchange "r1" is in state "decided|delivered"

  @GW-WDR-07 @must
  Scenario: Withdrawing an expired exchange is a conflict
    Given E1 submits artifact "r1" expiring after the short TTL
    And the short TTL of "r1" has run out
    When E1 withdraws "r1"
    Then the response status is 409, or any 4xx in the seed profile
    And the response is an error envelope
    And the exchange "r1" is in state "expired"

  @GW-WDR-08 @must
  Scenario: A second withdrawal is a conflict (C-40)
    Given E1 submits artifact "r1"
    And E1 has withdrawn "r1"
    When E1 withdraws "r1"
    Then the response status is 409, or any 4xx in the seed profile
    And the response is an error envelope
    And the exchange "r1" is in state "withdrawn"

  @GW-WDR-09 @GW-ERR-10 @must
  Scenario: Withdrawing an unknown exchange is 404
    Given E1 submits artifact "r1"
    And E1 has withdrawn "r1"
    When E1 withdraws "ghost"
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope

  @GW-WDR-10 @must
  Scenario: Only the enforcer that owns the exchange may withdraw it
    Given E1 submits artifact "r0"
    And E1 has withdrawn "r0"
    And E1 submits artifact "r1"
    When A1 withdraws "r1"
    Then the response status follows auth.cross_principal_status
    And the response is an error envelope
    When E2 withdraws "r1"
    Then the response status follows auth.cross_principal_status
    And the response is an error envelope
    And the exchange "r1" is in state "pendingApproval"
