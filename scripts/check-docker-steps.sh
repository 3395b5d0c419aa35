#!/usr/bin/env bash
# Runs the Dockerfile's steps by hand, without a Docker engine: stage the same files in an
# empty folder, install production dependencies the way the deps stage does, start the server
# the way CMD does with the image's environment, probe it with the HEALTHCHECK command, and
# stop it with SIGTERM as `docker stop` would. Fails on any step that fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stage="$(mktemp -d /tmp/holler-image-XXXXXX)"
data="$stage/data"
port="${CHECK_PORT:-3917}"
# Only kill a server we started: `kill 0` would signal our whole process group (CI itself).
trap 'if [ -n "${pid:-}" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$stage"' EXIT

echo "== deps stage: npm ci --omit=dev"
cp "$root/package.json" "$root/package-lock.json" "$stage/"
(cd "$stage" && npm ci --omit=dev --no-audit --no-fund >/dev/null)
test -f "$stage/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
test ! -d "$stage/node_modules/vitest"   # dev dependencies stay out of the image

echo "== runtime stage: copy tsconfig.json, src, public, migrations"
cp -r "$root/tsconfig.json" "$root/src" "$root/public" "$root/migrations" "$stage/"
mkdir -p "$data"

echo "== CMD: node --import tsx src/server.ts"
(cd "$stage" && NODE_ENV=production HOST=127.0.0.1 PORT="$port" DATA_DIR="$data" exec node --import tsx src/server.ts) &
pid=$!

echo "== HEALTHCHECK"
for _ in $(seq 1 50); do
  if (cd "$stage" && PORT="$port" node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"); then
    healthy=1; break
  fi
  sleep 0.2
done
test "${healthy:-0}" = 1 || { echo "healthcheck never passed"; exit 1; }
curl -fsS "http://127.0.0.1:$port/b/main" | grep -q 'id="post-form"'
test -f "$data/holler.db"

echo "== docker stop: SIGTERM, expect exit 0"
kill -TERM "$pid"
wait "$pid"; status=$?
pid=
test "$status" = 0
echo "docker steps: ok"
