@surface:transport
Feature: Rate limiting
  HARP-TRANSPORT §11 asks gateways to "enforce rate limiting" but defines no limit and no status code
  (429 is customary). The suite can only judge a gateway that declares its throttle: set
  `[rate_limit] probe = true`, the `burst` size that must trip it and the `status` it answers
  (default [429]) in the target config. Otherwise this scenario is not applicable (REQUIREMENTS.md §18 #37).

  @TR-HYG-02 @should @enterprise
  Scenario: A burst beyond the declared limit is throttled, never answered with a server fault
    Given the target is configured for the rate-limit probe
    And E1 submits artifact "r1"
    When E1 reads the status of "r1" in a burst of the configured size
    Then at least one answer of the burst is the configured throttle status
