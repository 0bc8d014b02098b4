#!/usr/bin/env bash
# The README's first command on a fresh clone of HEAD, with other pnpm majors (default: 12): install with the
# committed lockfile, then `pnpm start --check`, which builds through turbo (whose children are `pnpm run
# build` under the same pnpm) and runs the server's config check instead of serving; then `pnpm exhook
# --version` (the management CLI, built on the way).
# pnpm comes from the npm registry into a private prefix; the pnpm on PATH is left alone.
# Usage: scripts/fresh-clone.sh [pnpm-version ...]
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
versions=("${@:-12}")
for version in "${versions[@]}"; do
  prefix="${TMPDIR:-/tmp}/exhook-pnpm-$version"
  [ -x "$prefix/bin/pnpm" ] || npm install --silent --global --prefix "$prefix" "pnpm@$version" >/dev/null 2>&1
  clone=$(mktemp -d "${TMPDIR:-/tmp}/exhook-clone.XXXXXX")
  trap 'rm -rf "$clone"' EXIT
  git clone --quiet "$repo" "$clone"
  echo "== pnpm $(PATH="$prefix/bin:$PATH" pnpm --version) on a fresh clone: pnpm install && pnpm start --check"
  (
    cd "$clone"
    export PATH="$prefix/bin:$PATH"
    pnpm install --frozen-lockfile --reporter=append-only >install.log 2>&1 || { cat install.log; exit 1; }
    pnpm start --check
    # And `pnpm exhook <args>` reaches the management CLI with its arguments.
    version=$(pnpm exhook --version 2>/dev/null | tail -n 1)
    want=$(node -p "require('./packages/exhook-cli/package.json').version")
    [ "$version" = "$want" ] || { echo "pnpm exhook --version printed '$version', not $want"; exit 1; }
    echo "pnpm exhook --version: $version"
  )
  rm -rf "$clone"
  trap - EXIT
done
