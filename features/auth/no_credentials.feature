@surface:auth
Feature: Every HARP endpoint refuses requests without credentials with 401
  HARP-TRANSPORT §4.3 and §7 (and the binding's status table) require transport authentication on
  every HARP endpoint: artifacts, decisions, acks, the inbox and its extensions, status, long-poll,
  withdraw, refresh, presence, pairing, both SSE streams and the WebSocket upgrade (which must
  answer 401, never 101). Here the suite sends a request that would be valid with credentials, but
  sends none. Each call targets an exchange that exists, so a 401 cannot be confused with "not
  found". Optional surfaces that answer 404/405/501 are skipped as not served; pairing endpoints
  configured with `pairing.auth.<op> = "none"` are not applicable.

  @TR-AUTH-01 @GW-ERR-08 @must
  Scenario Outline: "<endpoint>" without credentials is refused with 401
    Given E1 submits artifact "r1"
    When an anonymous client calls "<endpoint>"
    Then the response status is 401

    @surface:artifacts
    Examples: artifacts
      | endpoint |
      | submit artifact |

    @surface:decisions
    Examples: decisions
      | endpoint |
      | submit decision |

    @surface:acks
    Examples: acks
      | endpoint |
      | submit ack |

    @surface:inbox
    Examples: inbox
      | endpoint |
      | read inbox |

    @surface:exchanges
    Examples: exchanges
      | endpoint |
      | read status |

    @surface:wait
    Examples: wait
      | endpoint |
      | wait for the decision |

    @surface:sse_approver
    Examples: sse_approver
      | endpoint |
      | open the approver stream |

    @surface:websocket
    Examples: websocket
      | endpoint |
      | open an approver websocket |
      | open an enforcer websocket |

    @surface:sse_enforcer @optional
    Examples: sse_enforcer
      | endpoint |
      | open the enforcer stream |

    @surface:inbox_expired @optional
    Examples: inbox_expired
      | endpoint |
      | read expired inbox |

    @surface:inbox_delete @optional
    Examples: inbox_delete
      | endpoint |
      | delete inbox item |

    @surface:withdraw @optional
    Examples: withdraw
      | endpoint |
      | withdraw |

    @surface:refresh @optional
    Examples: refresh
      | endpoint |
      | refresh |

    @surface:presence @optional
    Examples: presence
      | endpoint |
      | list presence |
      | read presence record |

    @surface:pairing @optional
    Examples: pairing
      | endpoint |
      | initiate pairing |
      | resolve a pairing code |
      | read pairing status |
      | complete pairing |
