#!/usr/bin/env bash
# Mutation gate: every fault of `harp-gateway --list-faults` must make at least one scenario tagged
# with its requirement IDs fail; every scenario must kill a fault or have a reason in
# fixtures/never-killed.toml. Flags: --jobs N, --only a,b, --no-build (see scripts/mutants.py --help).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/mutants.py "$@"
