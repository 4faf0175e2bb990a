#!/usr/bin/env bash
# Renders a run's report.html in headless Chromium (a real consumer) and checks the rendered DOM: the
# summary and level, one block per scenario, and that the page's own inline script ran under its CSP
# (filters shown, scenario count filled in).
#
# Usage: scripts/check-html.sh reports/<run-dir>      (CHROMIUM=/path/to/chromium to override)
set -euo pipefail
dir=${1:?usage: scripts/check-html.sh reports/<run-dir>}
html="$dir/report.html"
fail() { echo "check-html: $*" >&2; exit 1; }
[ -f "$html" ] || fail "missing $html"
[ -f "$dir/report.json" ] || fail "missing $dir/report.json"
chrome=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chrome" ] || fail "no chromium at $chrome (apt-get install -y chromium, or set CHROMIUM)"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
uri=$(python3 -c 'import pathlib,sys; print(pathlib.Path(sys.argv[1]).resolve().as_uri())' "$html")
dom=$(timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --dump-dom "$uri" 2>/dev/null) || fail "chromium could not render $uri"
has() { grep -qF -- "$1" <<<"$dom"; }
has '<section id="summary">' || fail "the rendered DOM has no summary section"
has 'Certified level' || fail "the rendered DOM shows no level line"
has '<section id="scenarios">' || fail "the rendered DOM has no scenario list"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1], encoding="utf-8"))["scenarios"]))' "$dir/report.json")
blocks=$(grep -o '<div class="sc"' <<<"$dom" | wc -l)
[ "$blocks" -eq "$n" ] || fail "the page shows $blocks scenarios, report.json has $n"
has "<span id=\"shown\">$n</span>" || fail "the inline script did not run (scenario count not filled in)"
if has '<form id="filters" hidden'; then fail "the inline script did not run (filters still hidden)"; fi
level=$(grep -o 'class="lvl"[^>]*>[^<]*' <<<"$dom" | head -n 1 | sed 's/.*>//')
echo "report.html: rendered by $("$chrome" --version 2>/dev/null | head -n 1); summary shown, level ${level:-?}, $n scenarios, script ran"
