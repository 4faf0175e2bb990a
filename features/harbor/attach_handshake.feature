@surface:control @optional
Feature: The Harbor attach handshake (runtime.info) and the control-surface conventions
  The Harbor Protocol (seed 001, "Choreography 5 — Versioning & compatibility") attaches with
  POST /v1/control/runtime.info: the answer names the instance, the build, the wire contract's
  protocol_version (a semver triple) and the capabilities that are live. Every control response
  carries protocol_version; a method outside the canonical registry answers 404 with
  {"code":"unknown_method", …}; a wrong verb on a known control route answers a bare 405. Clients
  compare majors numerically and tolerate unknown fields and capability strings.
  HARP-GW defines no control surface: for a HARP gateway it is an optional extension (CLI-02), so
  a 404/405/501 on runtime.info skips these scenarios as not served. `--profile harbor` runs only
  this folder, so the suite can also be pointed at a Harbor Runtime.

  @HB-VER-01 @HB-VER-04 @HB-VER-05 @must
  Scenario: runtime.info answers with the RuntimeInfo shape; unknown members and capabilities are tolerated
    Given the target answers the runtime.info handshake
    Then the handshake has the RuntimeInfo shape

  @HB-VER-03 @should
  Scenario: The target's protocol major equals the suite's, compared numerically
    Given the target answers the runtime.info handshake
    Then the handshake's protocol major equals the suite's, compared numerically

  @HB-VER-02 @must
  Scenario: Every control response carries protocol_version, also an unknown_method error
    Given the target answers the runtime.info handshake
    Then the response carries the handshake's protocol_version
    When the client sends POST to control method "hc_no_such_method_{{uuid}}"
    Then the response status is 404
    And the response carries the handshake's protocol_version

  @HB-CTL-01 @must
  Scenario: A method outside the canonical registry answers 404 unknown_method
    Given the target answers the runtime.info handshake
    When the client sends POST to control method "hc_no_such_method_{{uuid}}"
    Then the response status is 404
    And the response is a control error with code "unknown_method"

  @HB-CTL-02 @must
  Scenario: A wrong verb on a known control route answers 405
    Given the target answers the runtime.info handshake
    When the client sends GET to control method "runtime.info"
    Then the response status is 405
