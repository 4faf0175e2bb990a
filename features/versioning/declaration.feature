@surface:versioning
Feature: The compliance declaration
  A HARP implementation publishes a compliance declaration naming harpVersion, conformanceLevel,
  algorithms, transport and mTLS (COMPLIANCE §5, §9). It is not on the wire: the suite reads the file
  that version.declaration_path names, and the scenario is not applicable without it.

  @CMP-VER-02 @should
  Scenario: The compliance declaration names its version, level, algorithms, transport and mTLS
    Given the compliance declaration named by version.declaration_path
    Then the declaration names harpVersion, conformanceLevel, algorithms, transport and mTLS
