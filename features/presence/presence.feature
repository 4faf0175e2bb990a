@surface:presence @optional
Feature: Enforcer presence
  Presence tracking is a MAY (GW §6.5); the expanded binding serves it as
  GET /v1/presence/enforcers?tenantId= (a bare JSON array of records, TV/09) and
  GET /v1/presence/enforcers/{enforcerDeviceId} (one record; 404 when unknown) (BND §3.10–§3.11).
  A record has enforcerDeviceId and status (online|offline), and when present an RFC 3339 lastSeenAt,
  transport websocket|sse|poll, an object of capabilities and string workspaceName/enforcerLabel.
  An open WS makes an enforcer online over websocket (also while it long-polls: the WS is its
  live channel); its hello (TV/07) fills the record; without a hello presence
  follows the connection after about timing.hello_timeout_s; after the last channel closes it goes
  offline, at the latest after the presence TTL (C-16: timing.presence_offline_bound_s). Presence needs
  authentication and is scoped by tenant (C-42). Scenarios that need an enforcer nobody else connects
  use the second tenant (EX, AX) and reserve its channels; waits longer than 30 s need timing.run_slow.
  Each scenario first reads the tenant list, so a 404/405/501 there means "not served" (CLI-01) and a
  later 404 is about the record.

  @GW-PRS-01 @GW-PRS-03 @GW-ENV-17 @must
  Scenario: The tenant query answers a bare JSON array of presence records
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-ws"
    When A1 lists the presence of the tenant of E1
    Then the response status is 200
    And the response is a bare JSON array of valid presence records

  @GW-PRS-02 @must
  Scenario: The tenant query without tenantId is a parameter error
    When A1 lists presence without a tenantId
    Then the response status is 400
    And the response is an error envelope

  @GW-PRS-04 @GW-ERR-10 @must
  Scenario: One record can be read; an unknown enforcer is 404
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-ws"
    And E1 sends the TV/07 hello on "e1-ws"
    And A1 sees E1 online within the delivery window
    When A1 reads the presence record of E1
    Then the response status is 200
    And the response is one valid presence record of E1
    When A1 reads the presence record of an unknown enforcer
    Then the response status is 404, or any 4xx in the seed profile
    And the response is an error envelope

  @GW-PRS-05 @should
  Scenario: An enforcer with an open websocket is online over websocket, also while it long-polls
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-ws"
    And E1 submits artifact "r1"
    When E1 sends the TV/07 hello on "e1-ws"
    And E1 waits up to 1 seconds for the decision on "r1"
    Then A1 sees E1 online over websocket within the delivery window

  @GW-PRS-06 @should
  Scenario: Once its last channel closes, the enforcer is reported offline (C-16)
    Given EX's channels are reserved for this scenario
    And EX opens a websocket as "ex-ws"
    And EX sends the TV/07 hello on "ex-ws"
    And AX sees EX online over websocket within the delivery window
    When "ex-ws" is closed
    Then AX sees EX offline within timing.presence_offline_bound_s

  @GW-PRS-07 @should
  Scenario: The hello fills the record with capabilities, workspaceName and enforcerLabel
    Given E1's channels are reserved for this scenario
    And E1 opens a websocket as "e1-ws"
    When E1 sends the TV/07 hello on "e1-ws"
    Then A1 sees the TV/07 hello in the presence record of E1

  @GW-PRS-08 @should
  Scenario: Without a hello, presence follows the connection after the hello timeout
    Given EX's channels are reserved for this scenario
    And EX opens a websocket as "ex-ws"
    Then AX sees EX online after timing.hello_timeout_s

  @GW-PRS-09 @should
  Scenario: A record without keepalive expires after the presence TTL
    Given EX's channels are reserved for this scenario
    And EX opens a websocket as "ex-ws"
    And EX sends the TV/07 hello on "ex-ws"
    When "ex-ws" is closed
    Then AX sees EX offline or unknown after timing.presence_ttl_s

  @GW-PRS-11 @must
  Scenario: Presence needs credentials
    When A1 lists the presence of the tenant of E1
    Then the response status is 200
    When an anonymous client calls "list presence"
    Then the response status is 401
    When an anonymous client calls "read presence record"
    Then the response status is 401

  @GW-PRS-11 @must
  Scenario: Presence of another tenant is refused or filtered (C-42)
    Given EX's channels are reserved for this scenario
    And EX opens a websocket as "ex-ws"
    And EX sends the TV/07 hello on "ex-ws"
    And AX sees EX online over websocket within the delivery window
    When E1 lists the presence of the tenant of EX
    Then the presence list is refused or holds no enforcer of EX

  @GW-PRS-12 @may @surface:sse_enforcer
  Scenario: An enforcer with only an SSE stream open may count as online over sse
    Given EX's channels are reserved for this scenario
    And EX opens the enforcer stream as "ex-sse"
    Then AX notes how EX is reported with only an enforcer stream open
