@surface:auth
Feature: Operations are authorized per tenant
  HARP-GW §9 authorizes operations per tenant: principals of another tenant can neither read nor act on
  an exchange (GW-AUTH-02). The suite needs the optional second-tenant identities `enforcer_x` (EX) and
  `approver_x` (AX); without them these scenarios are not applicable. A refusal may be 403, or 404 to
  hide that the exchange exists (`auth.cross_tenant_status`, default [403, 404]); either way it must not
  leak the exchange and must change nothing.

  @GW-AUTH-02 @must
  Scenario: Another tenant's enforcer cannot read an exchange's status
    Given E1 submits artifact "r1"
    When EX calls "read status"
    Then the response status is the configured cross-tenant status
    And the response does not reveal "r1"

  @GW-AUTH-02 @must
  Scenario: Another tenant's enforcer cannot long-poll an exchange
    Given E1 submits artifact "r1"
    When EX calls "wait for the decision"
    Then the response status is the configured cross-tenant status
    And the response does not reveal "r1"

  @GW-AUTH-02 @must
  Scenario: Another tenant's approver cannot decide an exchange
    Given E1 submits artifact "r1"
    When AX calls "submit decision"
    Then the response status is the configured cross-tenant status
    And the response does not reveal "r1"
    And E1 sees "r1" still pending with its original hash

  @GW-AUTH-02 @must
  Scenario: Another tenant's approver cannot read a tenant's approver inbox
    Given E1 submits artifact "r1"
    When AX calls "read inbox" of A1
    Then the response status is the configured cross-tenant status
    And the response does not reveal "r1"

  @GW-AUTH-02 @must
  Scenario: Another tenant's approver never sees the exchange in its own inbox
    Given E1 submits artifact "r1"
    Then the inbox of AX holds exactly 0 items for "r1"

  @GW-AUTH-02 @must
  Scenario: Another tenant's approver cannot open a tenant's approver stream
    When AX calls "open the approver stream" of A1
    Then the response status is the configured cross-tenant status
