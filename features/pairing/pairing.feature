@surface:pairing @optional
Feature: Pairing an enforcer with an approver
  The expanded binding's pairing flow (BND §3.12, GW §6.6, CMP §2.12, TV/10; the enforcer initiates,
  the approver resolves and completes, C-36): POST /v1/pairing/initiate returns a short-lived code,
  a nonce and expiresAt; GET /v1/pairing/resolve/{code} shows the approver the enforcer's label and
  public key; GET /v1/pairing/{nonce}/status tells the enforcer whether the approver completed;
  POST /v1/pairing/complete returns a routingToken that then routes artifacts to that approver (and is
  never shown to it). Codes are single-use and expire; completing twice is 409; unknown codes and
  nonces are 404. All bodies are bare JSON (C-08). Credentials follow pairing.auth.* (default: the
  acting party), the state vocabulary pairing.state_values, the second-use status
  pairing.second_use_status. Each scenario starts with a successful initiation, so a 404/405/501 there
  means "not served" (CLI-01) and a later 404 is an answer. Expiry scenarios wait out
  timing.pairing_ttl_s and need timing.run_slow when it is longer than 30 s.

  @GW-PAIR-02 @GW-PAIR-04 @GW-ENV-17 @must
  Scenario: Initiating returns a code, a nonce and a near expiry
    When E1 initiates pairing "p1"
    Then the response carries the code, nonce and expiry of pairing "p1"
    And pairing "p1" expires in the future, within timing.pairing_ttl_s

  @GW-PAIR-03 @must
  Scenario: Initiating without enforcerId is a validation error
    When E1 initiates pairing "p1" without "enforcerId"
    Then the response status is 400
    And the response is an error envelope

  @GW-PAIR-05 @should
  Scenario: Pairing codes are long enough and never repeat
    When E1 initiates pairing "p1"
    And E1 initiates pairing "p2"
    Then pairings "p1" and "p2" have distinct alphanumeric codes and nonces

  @GW-PAIR-06 @must
  Scenario: Resolving a code shows the initiated enforcer
    Given E1 has initiated pairing "p1"
    When A1 resolves the code of pairing "p1"
    Then the resolution matches the initiation of pairing "p1"

  @GW-PAIR-07 @GW-ERR-10 @must
  Scenario: Resolving a code nobody issued is 404
    Given E1 has initiated pairing "p1"
    When A1 resolves a pairing code nobody issued
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope

  @GW-PAIR-08 @must
  Scenario: A code no longer resolves after the pairing TTL
    Given E1 has initiated pairing "p1"
    When the TTL of pairing "p1" has run out
    And A1 resolves the code of pairing "p1"
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope

  @GW-PAIR-09 @must
  Scenario: A code cannot be used again once the pairing completed
    Given E1 has initiated pairing "p1"
    And A1 has completed pairing "p1"
    When A1 resolves the code of pairing "p1"
    Then the response status follows pairing.second_use_status
    And the response is an error envelope

  @GW-PAIR-10 @must
  Scenario: The status shows pending, then completion
    Given E1 has initiated pairing "p1"
    When E1 reads the status of pairing "p1"
    Then the pairing state reads pending
    When A1 completes pairing "p1"
    And E1 reads the status of pairing "p1"
    Then the pairing state reads completed

  @GW-PAIR-11 @GW-ERR-10 @must
  Scenario: The status of an unknown nonce is 404
    Given E1 has initiated pairing "p1"
    When E1 reads the status of a pairing nobody initiated
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope

  @GW-PAIR-12 @must
  Scenario: Completing returns a routing token and the enforcer's metadata
    Given E1 has initiated pairing "p1"
    When A1 completes pairing "p1"
    Then the completion carries a routing token and the enforcer metadata of pairing "p1"

  @GW-PAIR-13 @must
  Scenario: Completing the same session twice is a conflict
    Given E1 has initiated pairing "p1"
    And A1 has completed pairing "p1"
    When A1 completes pairing "p1"
    Then the response status is 409, or any 4xx in the seed profile
    And the response is an error envelope
    And the response carries no routing token

  @GW-PAIR-14 @GW-ERR-10 @must
  Scenario: Completing an unknown nonce is 404 without a routing token
    Given E1 has initiated pairing "p1"
    When A1 completes a pairing nobody initiated
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope
    And the response carries no routing token

  @GW-PAIR-14 @must
  Scenario: Completing an expired session is 404 without a routing token
    Given E1 has initiated pairing "p1"
    When the TTL of pairing "p1" has run out
    And A1 completes pairing "p1"
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope
    And the response carries no routing token

  @GW-PAIR-15 @must
  Scenario Outline: Completing without <member> is a validation error
    Given E1 has initiated pairing "p1"
    When A1 completes pairing "p1" without "<member>"
    Then the response status is 400
    And the response is an error envelope

    Examples:
      | member     |
      | nonce      |
      | approverId |

  @GW-PAIR-16 @GW-META-01 @must
  Scenario: The paired routing token routes artifacts to the approver and stays hidden from it
    Given E1 has initiated pairing "p1"
    And A1 has completed pairing "p1"
    When E1 submits artifact "r1" routed by the token of pairing "p1"
    Then the response status is 202
    And the active inbox of A1 lists "r1"
    And the active inbox item of A1 for "r1" carries no routing metadata
