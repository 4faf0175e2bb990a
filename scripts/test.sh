#!/usr/bin/env bash
# The project's test command: every unit, integration and end-to-end test of both crates.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked "$@"
