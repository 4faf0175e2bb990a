#!/usr/bin/env python3
"""Executes the README's "Five minutes with curl" section, so the quickstart cannot drift from the wire.

Extracts every ```sh block between <!-- quickstart:begin --> and <!-- quickstart:end --> in README.md,
joins them into one bash script (set -euo pipefail) in a fresh temporary directory, and runs it with a
time limit. The blocks start the reference gateway themselves and stop it at the end.

Usage: scripts/quickstart.py [--print] [--timeout SECONDS]
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def extract(readme: str) -> str:
    m = re.search(r"<!-- quickstart:begin -->(.*?)<!-- quickstart:end -->", readme, re.S)
    if not m:
        sys.exit("quickstart: README.md has no <!-- quickstart:begin --> … <!-- quickstart:end --> section")
    blocks = re.findall(r"```sh\n(.*?)```", m.group(1), re.S)
    if not blocks:
        sys.exit("quickstart: the quickstart section has no ```sh blocks")
    return "\n".join(blocks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--print", action="store_true", help="print the extracted script and exit")
    ap.add_argument("--timeout", type=int, default=300)
    args = ap.parse_args()
    body = extract((ROOT / "README.md").read_text(encoding="utf-8"))
    script = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n" + body
    if args.print:
        print(script)
        return
    with tempfile.TemporaryDirectory(prefix="harp-quickstart-") as tmp:
        env = dict(os.environ, HARP_REPO=str(ROOT))
        path = pathlib.Path(tmp) / "quickstart.sh"
        path.write_text(script, encoding="utf-8")
        try:
            r = subprocess.run(["bash", "-x", str(path)], cwd=tmp, env=env, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            sys.exit(f"quickstart: did not finish within {args.timeout} s")
        if r.returncode != 0:
            sys.exit(f"quickstart: a command failed (exit {r.returncode})")
    print("quickstart: every command ran and every check held")


if __name__ == "__main__":
    main()
