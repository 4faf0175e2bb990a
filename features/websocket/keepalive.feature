@surface:websocket @slow
Feature: WebSocket keepalive and idle timeout
  TRANSPORT §5.3: the gateway sends WebSocket ping control frames about every 30 s, and drops a peer
  that stays silent for the idle timeout (RECOMMENDED 120 s); a peer that answers pings is not
  dropped. The intervals are read from `timing.ws_ping_interval_s` and `timing.ws_idle_timeout_s`, so
  these slow scenarios run fast against a gateway configured with short intervals. They run only with
  `timing.run_slow = true`.

  @TR-WS-01 @should
  Scenario: An idle socket receives pings at the configured interval
    Given A2 opens a websocket as "a2-ws"
    Then "a2-ws" receives pings at least every ping interval while idle

  @TR-WS-02 @should
  Scenario: A socket that answers pings is not dropped for idleness
    Given A2 opens a websocket as "a2-ws"
    Then "a2-ws" stays open while it answers pings for the idle timeout plus 30 seconds

  @TR-WS-02 @should
  Scenario: A silent socket is dropped after about the idle timeout
    Given A2 opens a websocket as "a2-ws"
    When "a2-ws" stops answering pings
    Then the target closes "a2-ws" within the idle timeout plus 30 seconds
