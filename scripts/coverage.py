#!/usr/bin/env python3
"""Coverage of the requirement catalog by the scenarios in features/ (and by written waivers).

Usage: scripts/coverage.py [--scope seed|ext|harbor|all] [--missing] [--markdown]
  --scope seed  rows marked yes, yes(s) and ext° (the seed binding as the project reads it; default)
  --scope ext   rows marked ext only;  --scope harbor  the Harbor rows (fixtures/requirements-harbor.toml)
  --scope all   every row of both catalogs
  --missing     list the rows in scope with neither a scenario nor a waiver (exit 1 if any)
  --markdown    print the per-area table for the README
"""
import argparse
import collections
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCOPES = {"seed": {"yes", "yes(s)", "ext°"}, "ext": {"ext"}, "harbor": {"harbor"},
          "all": {"yes", "yes(s)", "ext°", "ext", "harbor"}}
CATALOGS = ["fixtures/requirements.toml", "fixtures/requirements-harbor.toml"]
REQ_TAG = re.compile(r"^@((?:GW|TR|CMP|HB)-[A-Z]+-\d+)$")


def scenarios():
    """Yields (file, line, name, tags) for every scenario, feature tags included."""
    for f in sorted((ROOT / "features").rglob("*.feature")):
        feature_tags, pending = [], []
        for i, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            s = raw.strip()
            if s.startswith("@"):
                pending += s.split()
            elif s.startswith("Feature:"):
                feature_tags, pending = pending, []
            elif s.startswith(("Scenario:", "Scenario Outline:", "Example:")):
                yield f.relative_to(ROOT), i, s.split(":", 1)[1].strip(), feature_tags + pending
                pending = []
            elif s and not s.startswith("#"):
                pending = []


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scope", choices=SCOPES, default="seed")
    ap.add_argument("--missing", action="store_true")
    ap.add_argument("--markdown", action="store_true")
    a = ap.parse_args()
    catalog = [r for c in CATALOGS if (ROOT / c).exists()
               for r in tomllib.loads((ROOT / c).read_text(encoding="utf-8")).get("requirement", [])]
    waivers_file = ROOT / "fixtures/waivers.toml"
    waivers = {w["id"]: w for w in tomllib.loads(waivers_file.read_text())["waiver"]} if waivers_file.exists() else {}
    rows = [r for r in catalog if r["provenance"] in SCOPES[a.scope]]
    by_req = collections.defaultdict(list)
    n_scen = 0
    for f, line, name, tags in scenarios():
        n_scen += 1
        for t in tags:
            m = REQ_TAG.match(t)
            if m:
                by_req[m.group(1)].append(f"{f}:{line}")
    areas = collections.OrderedDict()
    for r in rows:
        a_ = areas.setdefault(r["area"], {"rows": 0, "covered": 0, "waived": 0, "scen": set()})
        a_["rows"] += 1
        if by_req.get(r["id"]):
            a_["covered"] += 1
            a_["scen"].update(by_req[r["id"]])
        elif r["id"] in waivers:
            a_["waived"] += 1
    missing = [r for r in rows if not by_req.get(r["id"]) and r["id"] not in waivers]
    if a.markdown:
        print("| area | requirements | with a scenario | waived | missing | scenarios |")
        print("|---|---|---|---|---|---|")
        for k, v in areas.items():
            print(f"| {k} | {v['rows']} | {v['covered']} | {v['waived']} | {v['rows'] - v['covered'] - v['waived']} | {len(v['scen'])} |")
        tot = lambda key: sum(v[key] for v in areas.values())
        print(f"| **total** | **{tot('rows')}** | **{tot('covered')}** | **{tot('waived')}** | **{len(missing)}** | **{n_scen}** |")
    else:
        print(f"scope {a.scope}: {len(rows)} requirements, {len(rows) - len(missing)} covered or waived, "
              f"{len(missing)} missing; {n_scen} scenarios")
    if a.missing:
        for r in missing:
            print(f"  {r['id']:<12} {r['level']:<8} {r['surface']:<14} {r['text'][:90]}")
        sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
