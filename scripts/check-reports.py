#!/usr/bin/env python3
"""Reads a run's reports back with independent consumers: junit.xml with a real XML parser and the
JUnit structure dashboards expect, report.json against its documented top-level shape.

Usage: scripts/check-reports.py reports/<run-dir>
"""
import json
import pathlib
import sys
import xml.etree.ElementTree as ET


def fail(msg: str) -> None:
    print(f"check-reports: {msg}", file=sys.stderr)
    sys.exit(1)


def main(run_dir: str) -> None:
    d = pathlib.Path(run_dir)
    junit, report = d / "junit.xml", d / "report.json"
    for f in (junit, report):
        if not f.is_file():
            fail(f"missing {f}")
    root = ET.parse(junit).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    if root.tag not in ("testsuites", "testsuite") or not suites:
        fail(f"{junit}: root is <{root.tag}>, expected <testsuites> with <testsuite> children")
    cases = [c for s in suites for c in s.findall("testcase")]
    if not cases:
        fail(f"{junit}: no <testcase>")
    for c in cases:
        if not c.get("name"):
            fail(f"{junit}: a <testcase> has no name")
    failures = sum(1 for c in cases if c.find("failure") is not None)
    errors = sum(1 for c in cases if c.find("error") is not None)
    skipped = sum(1 for c in cases if c.find("skipped") is not None)
    data = json.loads(report.read_text(encoding="utf-8"))
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list) or not scenarios:
        fail(f"{report}: no scenarios array")
    if len(scenarios) != len(cases):
        fail(f"{report} has {len(scenarios)} scenarios but {junit} has {len(cases)} testcases")
    for s in scenarios:
        for key in ("name", "outcome", "requirement_ids"):
            if key not in s:
                fail(f"{report}: a scenario lacks '{key}'")
    print(f"junit.xml: {len(cases)} testcases ({failures} failures, {errors} errors, {skipped} skipped); "
          f"report.json: {len(scenarios)} scenarios — both parse")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
