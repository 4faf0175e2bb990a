#!/usr/bin/env python3
"""Reads a run's reports back with independent consumers: junit.xml with a real XML parser and the
JUnit structure dashboards expect, report.json against its documented top-level shape, and (after
`certify`) badge.svg as XML plus badge.json, certificate.json and declaration.json.

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
    check_certification(d)


def check_certification(d: pathlib.Path) -> None:
    """certify's extra files, when present: badge.svg well-formed SVG, badge.json in the shields.io
    endpoint schema, certificate.json and declaration.json with their members."""
    badge_svg, badge_json = d / "badge.svg", d / "badge.json"
    cert, decl = d / "certificate.json", d / "declaration.json"
    if not any(f.exists() for f in (badge_svg, badge_json, cert, decl)):
        return
    for f in (badge_svg, badge_json, cert, d / "certificate.json.sig", decl, d / "report.html"):
        if not f.is_file():
            fail(f"missing {f}")
    svg = ET.parse(badge_svg).getroot()
    if svg.tag != "{http://www.w3.org/2000/svg}svg":
        fail(f"{badge_svg}: root is <{svg.tag}>, expected an SVG <svg>")
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    endpoint = json.loads(badge_json.read_text(encoding="utf-8"))
    if endpoint.get("schemaVersion") != 1:
        fail(f"{badge_json}: schemaVersion must be 1")
    for key in ("label", "message", "color"):
        if not isinstance(endpoint.get(key), str) or not endpoint[key]:
            fail(f"{badge_json}: '{key}' must be a non-empty string")
    if endpoint["message"] not in texts or endpoint["label"] not in texts:
        fail(f"{badge_svg} does not show '{endpoint['label']} | {endpoint['message']}' ({texts})")
    c = json.loads(cert.read_text(encoding="utf-8"))
    for key in ("suite", "digests", "target", "config", "profile", "requirements", "level", "issued_at"):
        if key not in c:
            fail(f"{cert}: lacks '{key}'")
    declaration = json.loads(decl.read_text(encoding="utf-8"))
    for key in ("harpVersion", "conformanceLevel", "algorithms", "transport", "mTLS"):
        if key not in declaration:
            fail(f"{decl}: lacks '{key}'")
    if declaration["conformanceLevel"] != c["level"]:
        fail(f"{decl}: conformanceLevel {declaration['conformanceLevel']} != certificate level {c['level']}")
    print(f"badge.svg: well-formed SVG showing '{endpoint['label']} | {endpoint['message']}'; "
          f"badge.json, certificate.json, declaration.json parse (level {c['level']})")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
