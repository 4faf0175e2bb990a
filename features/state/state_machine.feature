@surface:exchanges
Feature: The exchange state machine and expiry
  HARP-GW §4: an accepted artifact puts the exchange in `pendingApproval`; an accepted decision puts it
  in `decided`, and an acknowledged decision.deliver may move it to `delivered` (RECOMMENDED). An
  undecided exchange whose `expiresAt` has passed is `expired` (the suite polls until `expiresAt` +
  `timing.expiry_skew_s`), and an expired exchange never yields a decision.deliver. A decided exchange
  never expires and its outcome never changes. A requestId stays taken within the retention window:
  reusing it after expiry with another hash is still a conflict (409; 2xx only when
  `retention.request_id_window_s` is shorter than the scenario's age). A cancelled exchange refuses
  decisions; there is no wire API for cancelling, so that scenario needs `states.cancel_hook`.
  Expiry scenarios use `timing.short_ttl_s` TTLs.

  @GW-SM-02 @GW-SM-06 @must
  Scenario: An accepted decision puts the exchange in decided
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 fetches the status of "r1"
    Then the state is "decided"

  @GW-SM-03 @may
  Scenario: After the enforcer acknowledges the decision the state may become delivered
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 10 seconds for the decision on "r1"
    Then the response status is 200
    When E1 acknowledges the message in the response with status "processed"
    Then the response status is 200
    When E1 fetches the status of "r1"
    Then the state is "delivered"

  @GW-SM-03 @GW-SM-02 @must
  Scenario: After the enforcer acknowledges the decision the state is decided or delivered
    Given E1 submits artifact "r1"
    And A1 decides "r1" with "approve"
    When E1 waits up to 10 seconds for the decision on "r1"
    And E1 acknowledges the message in the response with status "processed"
    Then the response status is 200
    When E1 fetches the status of "r1"
    Then the state is "decided|delivered"

  @GW-SM-04 @GW-SM-09 @must
  Scenario: An undecided exchange expires and then never yields a decision
    Given E1 submits artifact "r1" expiring after the short TTL
    When the exchange "r1" has expired
    And E1 waits up to 2 seconds for the decision on "r1"
    Then the wait yields no decision

  @GW-SM-05 @must
  Scenario: A decided exchange does not expire and keeps its outcome
    Given E1 submits artifact "r1" expiring after the short TTL
    And A1 decides "r1" with "reject"
    When the expiry time of "r1" has passed
    And E1 fetches the status of "r1"
    Then the state is "decided|delivered"
    And any decision in the status is "reject"
    When E1 waits up to 5 seconds for the decision on "r1"
    Then the response status is 200
    And the response relays the decision body of "r1"

  @GW-SM-08 @must
  Scenario: A requestId stays taken after its exchange expired
    Given E1 submits artifact "r1" expiring after the short TTL
    When the exchange "r1" has expired
    And E1 submits artifact "r1" with a different hash
    Then the reuse of "r1" is refused as a conflict

  @GW-SM-07 @must
  Scenario: A cancelled exchange refuses decisions
    Given the target can cancel exchanges
    And E1 submits artifact "r1"
    When the exchange "r1" is cancelled through the cancel hook
    And A1 decides "r1" with "approve"
    Then the response status is 4xx
    When E1 fetches the status of "r1"
    Then the state is "cancelled"
