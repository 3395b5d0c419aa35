#!/usr/bin/env bash
# Runs the Dockerfile's steps by hand, without a Docker engine: the build stage in one empty
# folder (install everything, bundle, prune the dev dependencies), the runtime stage in another
# (only what the runtime stage copies), then start the server the way CMD does with the image's
# environment, probe it with the HEALTHCHECK command, run the operator CLI as `docker exec`
# would, and stop it with SIGTERM as `docker stop` would. Fails on any step that fails.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/holler-image-XXXXXX)"
build="$work/build"
app="$work/app"
data="$work/data"
port="${CHECK_PORT:-3917}"
mkdir -p "$build/scripts" "$app" "$data"
# Only kill a server we started: `kill 0` would signal our whole process group (CI itself).
trap 'if [ -n "${pid:-}" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

echo "== build stage: npm ci, npm run build, npm prune --omit=dev"
cp "$root/package.json" "$root/package-lock.json" "$build/"
(cd "$build" && npm ci --no-audit --no-fund >/dev/null)
cp "$root/tsconfig.json" "$build/"
cp "$root/scripts/build.mjs" "$root/scripts/minify.mjs" "$root/scripts/node-version.mjs" "$build/scripts/"
cp -r "$root/src" "$root/public" "$build/"
(cd "$build" && npm run build --silent && npm prune --omit=dev --no-audit --no-fund >/dev/null)

echo "== runtime stage: node_modules and dist (with the minified public files) from the build stage; package.json, migrations"
cp -r "$build/node_modules" "$build/dist" "$app/"
cp -r "$root/package.json" "$root/migrations" "$app/"
test -f "$app/dist/public/widget.js"
# No compiler, loader or dev dependency in the image (npm prune may leave an empty scope
# folder behind: look for packages); better-sqlite3's prebuilt addon is there.
for dev in tsx typescript esbuild @esbuild vitest playwright-core autocannon; do
  if [ -n "$(find "$app/node_modules/$dev" -name package.json -print -quit 2>/dev/null)" ]; then
    echo "runtime node_modules holds $dev"; exit 1
  fi
done
test -f "$app/node_modules/better-sqlite3/prebuilds/linux-x64.node"
test -z "$(find "$app" -name '*.ts' -not -path '*/node_modules/*' -print -quit)"

echo "== CMD: node --optimize-for-size dist/server.js (NODE_OPTIONS=--max-semi-space-size=1)"
(cd "$app" && NODE_ENV=production HOST=127.0.0.1 PORT="$port" DATA_DIR="$data" NODE_OPTIONS=--max-semi-space-size=1 exec node --optimize-for-size dist/server.js) &
pid=$!

echo "== HEALTHCHECK"
for _ in $(seq 1 50); do
  if (cd "$app" && PORT="$port" node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"); then
    healthy=1; break
  fi
  sleep 0.2
done
test "${healthy:-0}" = 1 || { echo "healthcheck never passed"; exit 1; }
page="$(curl -fsS "http://127.0.0.1:$port/b/main")"
grep -q 'id="post-form"' <<<"$page"
# Every script and stylesheet the widget names is served, from the minified copies in dist/public.
for asset in $(grep -oE '/assets/[^"]+' <<<"$page"); do curl -fsS -o /dev/null "http://127.0.0.1:$port$asset"; done
if curl -fsS "http://127.0.0.1:$port$(grep -oE '/assets/css\.[^"]+' <<<"$page")" | grep -q '/\*'; then echo "widget.css is not minified"; exit 1; fi
test -f "$data/holler.db"
# The server runs alone: no loader or compiler child process beside it.
if pgrep -P "$pid" >/dev/null; then echo "the server has child processes: $(pgrep -P "$pid" -a)"; exit 1; fi

echo "== docker exec: node dist/cli.js --help, --version, backup"
(cd "$app" && node dist/cli.js --help | grep -q 'set-password')
(cd "$app" && node dist/cli.js --version | grep -qx "holler $(node -p "require('$root/package.json').version")")
(cd "$app" && DATA_DIR="$data" node dist/cli.js backup "$work/backup.db" | grep -q 'Backup written')

echo "== docker stop: SIGTERM, expect exit 0"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
test "$status" = 0
echo "docker steps: ok"
