@surface:envelope
Feature: Media type and encoding of request and response bodies
  HARP messages travel as UTF-8 JSON labelled application/harp+json (seed binding §1, HARP-TRANSPORT §3
  and §4.2). Every response that carries a HARP message, errors included, is labelled with that media
  type (parameters such as charset are tolerated). A body labelled with another media type, or with
  none, is not processed: the gateway answers 4xx (400 or 415) and creates nothing. Whether
  application/json is also accepted is implementation-defined (strict.accept_application_json). A body
  that is not valid UTF-8 is a validation error.

  @GW-ENV-01 @GW-ENV-02 @GW-ERR-05 @must
  Scenario: Responses to submissions, reads and errors are labelled application/harp+json
    When E1 posts the artifact for "r1" as it is
    Then the response status is 202
    And the response media type is "application/harp+json"
    When E1 fetches the status of "r1"
    Then the response status is 200
    And the response media type is "application/harp+json"
    When A1 decides "r1" with "approve"
    Then the response status is 200
    And the response media type is "application/harp+json"
    When E1 posts the artifact for "r1" with "/body/artifactHash" set to "{{otherHash}}"
    Then the response status is 409
    And the response media type is "application/harp+json"

  @GW-ENV-03 @NEG-15 @GW-ERR-07 @must
  Scenario Outline: NEG-15 an artifact labelled <label> is not processed
    When E1 posts the artifact for "r1" <variation>
    Then the response status is 4xx
    And the response status is 400|415
    And there is no side effect on "r1"

    Examples:
      | label                             | variation                                            |
      | text/plain                        | with content type text/plain                         |
      | application/x-www-form-urlencoded | with content type application/x-www-form-urlencoded |
      | application/xml                   | with content type application/xml                    |
      | no content type                   | without a content type                               |

  @GW-ENV-03 @NEG-15 @must
  Scenario Outline: NEG-15 a <kind> labelled text/plain is not processed
    Given E1 submits artifact "r1"
    When <who> posts the <kind> for "r1" with content type text/plain
    Then the response status is 400|415
    And the status of "r1" reads state "pendingApproval"

    Examples:
      | kind     | who |
      | decision | A1  |
      | ack      | A1  |

  @GW-ENV-03 @should
  Scenario: An artifact labelled application/json is handled per strict.accept_application_json
    When E1 posts the artifact for "r1" with content type application/json
    Then the response follows strict.accept_application_json

  @GW-ENV-04 @NEG-03 @GW-ERR-07 @must
  Scenario Outline: NEG-03 an artifact <defect> is a validation error
    When E1 posts the artifact for "r1" <defect>
    Then the response status is 400
    And the response is an error envelope
    And there is no side effect on "r1"

    Examples:
      | defect                       |
      | with invalid UTF-8           |
      | with a lone surrogate escape |

  @GW-ENV-04 @NEG-03 @must
  Scenario Outline: NEG-03 a <kind> with invalid UTF-8 is a validation error
    Given E1 submits artifact "r1"
    When A1 posts the <kind> for "r1" with invalid UTF-8
    Then the response status is 400
    And the response is an error envelope
    And the status of "r1" reads state "pendingApproval"

    Examples:
      | kind     |
      | decision |
      | ack      |
