#!/usr/bin/env bash
# Runs the test suite on other Node.js majors (default: 22 and 24) next to the machine's Node 20.
# Node comes from the npm registry's `node` package, which ships the real binary; nothing else is fetched.
# The tests' child processes (servers, CLIs, scaffolded projects) run on the same Node: they start from
# process.execPath or find `node` first on PATH. Each run writes its vitest JSON report to
# node_modules/.vitest/report-node<major>.json, which .ci/run adds into its closing line.
# Usage: scripts/node-matrix.sh [major ...] [-- vitest arguments]
set -uo pipefail
cd "$(dirname "$0")/.."
majors=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do majors+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ "${#majors[@]}" -gt 0 ] || majors=(22 24)

node scripts/build.mjs || exit 1
status=0
for major in "${majors[@]}"; do
  prefix="${TMPDIR:-/tmp}/exhook-node-$major"
  if [ ! -x "$prefix/node_modules/.bin/node" ] &&
    ! npm install --silent --no-save --prefix "$prefix" "node@$major" >/dev/null; then
    echo "== Node $major: could not install node@$major from the npm registry"
    status=1
    continue
  fi
  echo "== Node $("$prefix/node_modules/.bin/node" --version)"
  report="node_modules/.vitest/report-node$major.json"
  rm -f "$report"
  PATH="$prefix/node_modules/.bin:$PATH" VITEST_JSON_REPORT="$report" \
    node node_modules/vitest/vitest.mjs run "$@" || status=1
done
exit "$status"
