#!/usr/bin/env python3
"""Mutation gate: proves the conformance scenarios can fail.

For every fault of `harp-gateway --list-faults`, runs `harp-conformance run` (bundled gateway, started
with HARP_GATEWAY_FAULTS=<fault>) on the scenarios tagged with the fault's requirement IDs, and checks
that at least one of them fails (failed, warned or timed-out) although it passed in a fault-free
baseline run. Prints fault -> killing scenarios, the mutation score, and the scenarios that killed no
fault at all; each of those needs a reason in fixtures/never-killed.toml.

Exit 0 when every fault is killed and every never-killing scenario has a reason; 1 otherwise;
2 when the gate itself cannot run (build failure, no baseline report).
"""

import argparse
import concurrent.futures as cf
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KILLING = {"failed", "warned", "timed-out"}
RUN_TIMEOUT_S = 240


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def build(no_build):
    if not no_build:
        log("mutants: building harp-gateway and harp-conformance")
        r = subprocess.run(["cargo", "build", "-q", "-p", "harp-gateway", "-p", "harp-conformance"],
                           cwd=ROOT)
        if r.returncode != 0:
            sys.exit(2)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug"
    suite, gateway = target / "harp-conformance", target / "harp-gateway"
    for b in (suite, gateway):
        if not b.is_file():
            log(f"mutants: {b} not found (build it, or drop --no-build)")
            sys.exit(2)
    return suite, gateway


def catalogue(gateway):
    out = subprocess.run([str(gateway), "--list-faults"], capture_output=True, text=True, check=True)
    faults = []
    for line in out.stdout.splitlines():
        name, ids, desc = line.split("\t", 2)
        faults.append({"name": name, "ids": ids.split(","), "description": desc})
    return faults


def run_suite(suite, gateway, report_dir, tags=None, fault=None, extra=()):
    env = dict(os.environ)
    env.pop("HARP_TARGET", None)
    env["HARP_GATEWAY_FAULTS"] = fault or ""
    cmd = [str(suite), "run", "--gateway-bin", str(gateway), "--report-dir", str(report_dir),
           "--max-time", f"{RUN_TIMEOUT_S - 30}s", *extra]
    if tags:
        cmd += ["--tags", tags]
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=RUN_TIMEOUT_S)
        code, err = proc.returncode, proc.stderr
    except subprocess.TimeoutExpired:
        code, err = -1, f"timed out after {RUN_TIMEOUT_S}s"
    reports = sorted(Path(report_dir).glob("*/report.json"))
    report = json.loads(reports[-1].read_text()) if reports else None
    if report:
        keyed(report.get("scenarios", []))
    return {"exit": code, "stderr": err, "report": report, "seconds": time.monotonic() - started}


def keyed(scenarios):
    """Adds `_key` (file, name and occurrence; stable when other lines of the file move)."""
    seen = {}
    for s in scenarios:
        base = f"{s.get('file')}::{s.get('name')}"
        seen[base] = seen.get(base, 0) + 1
        s["_key"] = f"{base}#{seen[base]}"
    return scenarios


def scenario_key(s):
    return s["_key"]


def load_reasons(path):
    if not path.is_file():
        return []
    data = tomllib.loads(path.read_text())
    entries = data.get("scenario", [])
    for e in entries:
        if not e.get("reason", "").strip():
            log(f"mutants: {path}: entry {e.get('name')!r} has no reason")
    return [e for e in entries if e.get("reason", "").strip()]


def has_reason(s, reasons):
    for e in reasons:
        if "file" in e and e["file"] not in str(s.get("file", "")):
            continue
        if "name" in e and e["name"] != s.get("name"):
            continue
        if "name_regex" in e and not re.search(e["name_regex"], s.get("name", "")):
            continue
        if not any(k in e for k in ("name", "name_regex", "file")):
            continue
        return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=4,
                    help="faults run at the same time (default 4: runs mostly wait on the network)")
    ap.add_argument("--only", help="comma-separated fault names to run (default: all)")
    ap.add_argument("--no-build", action="store_true", help="use the already built binaries")
    ap.add_argument("--report-dir", default=str(ROOT / "reports" / "mutants"),
                    help="where summary.json goes (default reports/mutants)")
    ap.add_argument("--never-killed", default=str(ROOT / "fixtures" / "never-killed.toml"))
    ap.add_argument("--concurrency", default="4", help="scenarios at once inside each run")
    ap.add_argument("--config", help="target config for every run (default: a generated one that only "
                    "sets timing.expiry_skew_s = 5)")
    args = ap.parse_args()
    t0 = time.monotonic()
    suite, gateway = build(args.no_build)
    faults = catalogue(gateway)
    if args.only:
        wanted = set(args.only.split(","))
        faults = [f for f in faults if f["name"] in wanted]
    work = Path(tempfile.mkdtemp(prefix="harp-mutants-"))
    config = args.config
    if not config:
        # The bundled gateway expires on read (reaper every second), so a 5 s expiry skew is ample
        # and keeps faults that break expiry from waiting out the 60 s default (timing.expiry_skew_s).
        config = work / "gate.toml"
        config.write_text("[timing]\nexpiry_skew_s = 5\n")
    extra = ("--concurrency", args.concurrency, "--config", str(config))

    log(f"mutants: baseline run (no fault), {len(faults)} faults to try")
    base = run_suite(suite, gateway, work / "baseline", extra=extra)
    if not base["report"]:
        log(f"mutants: the baseline run wrote no report (exit {base['exit']}):\n{base['stderr'][-2000:]}")
        sys.exit(2)
    scenarios = base["report"]["scenarios"]
    passed = {scenario_key(s) for s in scenarios if s["outcome"] == "passed"}
    all_ids = {i for s in scenarios for i in s.get("requirement_ids", [])}

    def try_fault(f):
        ids = [i for i in f["ids"] if i in all_ids]
        if not ids:
            return f, None, []
        tags = " or ".join(f"@{i}" for i in ids)
        res = run_suite(suite, gateway, work / f["name"], tags=tags, fault=f["name"], extra=extra)
        killers = []
        for s in (res["report"] or {}).get("scenarios", []):
            if (s["outcome"] in KILLING and scenario_key(s) in passed
                    and set(s.get("requirement_ids", [])) & set(f["ids"])):
                killers.append(s)
        return f, res, killers

    # Longest first (most tagged scenarios; expiry faults wait out TTLs) to keep the tail short.
    def weight(f):
        tagged = sum(1 for s in scenarios if set(s.get("requirement_ids", [])) & set(f["ids"]))
        return (("expir" in f["name"]) * 1000) + tagged
    order = sorted(faults, key=weight, reverse=True)
    results_by_name = {}
    with cf.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for f, res, killers in pool.map(try_fault, order):
            mark = "KILLED " if killers else "SURVIVED"
            secs = f"{res['seconds']:5.1f}s" if res else "  -   "
            log(f"mutants: {mark} {secs} {f['name']}")
            results_by_name[f["name"]] = {"fault": f, "res": res, "killers": killers}
    results = [results_by_name[f["name"]] for f in faults]

    killed_keys = {scenario_key(s) for r in results for s in r["killers"]}
    print(f"\n{'fault':38} {'requirements':34} killing scenarios")
    print("-" * 120)
    for r in results:
        f = r["fault"]
        if r["killers"]:
            names = sorted({s["name"] for s in r["killers"]})
            first = f"{len(r['killers'])}: " + "; ".join(names[:3]) + (" …" if len(names) > 3 else "")
        elif r["res"] is None:
            first = "SURVIVED — no scenario is tagged with these requirement IDs"
        elif not r["res"]["report"]:
            first = f"SURVIVED — the run wrote no report (exit {r['res']['exit']})"
        else:
            first = "SURVIVED — every tagged scenario still passes"
        print(f"{f['name']:38} {','.join(f['ids']):34} {first}")
    killed = sum(1 for r in results if r["killers"])
    total = len(results)
    score = 100.0 * killed / total if total else 100.0
    print(f"\nmutation score: {killed}/{total} faults killed ({score:.1f}%)")

    reasons = load_reasons(Path(args.never_killed))
    never = [s for s in scenarios if scenario_key(s) in passed and scenario_key(s) not in killed_keys]
    unexplained = [s for s in never if not has_reason(s, reasons)]
    not_exercised = len(scenarios) - len(passed)
    print(f"scenarios: {len(scenarios)} in the baseline, {len(passed)} passed there "
          f"({not_exercised} skipped/not applicable/failing, not counted), {len(killed_keys)} killed "
          f"at least one fault, {len(never)} killed none ({len(never) - len(unexplained)} with a "
          f"reason in {Path(args.never_killed).relative_to(ROOT) if Path(args.never_killed).is_relative_to(ROOT) else args.never_killed})")
    if unexplained:
        print("\nscenarios that killed no fault and have no reason (add a fault or a reason):")
        for s in unexplained:
            print(f"  {s.get('file')}:{s.get('line')}  {s['name']}  [{', '.join(s.get('requirement_ids', []))}]")

    wall = time.monotonic() - t0
    print(f"\ngate wall time: {wall:.0f}s")
    out = Path(args.report_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = {
        "killed": killed, "total": total, "score_percent": round(score, 1), "wall_seconds": round(wall),
        "faults": [{"name": r["fault"]["name"], "requirements": r["fault"]["ids"],
                    "killed": bool(r["killers"]),
                    "killing_scenarios": sorted({f"{s['file']}:{s['line']} {s['name']}" for s in r["killers"]})}
                   for r in results],
        "never_killed": [{"file": s.get("file"), "line": s.get("line"), "name": s["name"],
                          "has_reason": s not in unexplained} for s in never],
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0 if killed == total and not unexplained else 1


if __name__ == "__main__":
    sys.exit(main())
