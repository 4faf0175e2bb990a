@surface:auth
Feature: One approver cannot read another approver's channels
  HARP-GW §9 implies that an approver can read only its own inbox, SSE stream and WebSocket: the
  `{approverId}` in the path (or the WS `id`) is bound to the authenticated caller (GW-AUTH-03). The
  refusal is 403, or 404 where the target hides other principals (`auth.cross_principal_status`,
  default [403, 404]). Targets configured with `auth.path_binding` other than "enforced" make these
  scenarios not applicable.

  Background:
    Given the target binds path ids to the caller

  @GW-AUTH-03 @must
  Scenario: An approver cannot read another approver's inbox
    Given E1 submits artifact "r1"
    When A2 calls "read inbox" of A1
    Then the response status is the configured cross-principal status
    And the response does not reveal "r1"

  @GW-AUTH-03 @must
  Scenario: An approver cannot open another approver's SSE stream
    When A2 calls "open the approver stream" of A1
    Then the response status is the configured cross-principal status

  @GW-AUTH-03 @must
  Scenario: An approver cannot open a WebSocket as another approver
    When A2 calls "open an approver websocket" of A1
    Then the response status is the configured cross-principal status
