#!/usr/bin/env bash
# Builds the shipped Dockerfile with a real Docker engine, from a base with no compilers, and runs
# the image as an operator would: wait for the HEALTHCHECK to say healthy, read the first-start
# banner, post a message through the widget's form, run the CLI with `docker exec`, `docker stop`
# (clean exit, in seconds), start again on the same volume with the password as a secret file
# (ADMIN_PASSWORD_FILE, as deploy/compose.yaml does) and find the message still there.
#
#   sudo bash scripts/check-docker-image.sh      # CI runs it (.ci/run); needs root
#
# Installs Debian's docker.io when dockerd is missing and starts dockerd when none answers (and
# stops it again). No bridge network or iptables (a sandbox may have no netfilter): the build
# and the containers use the host's network (Holler on the image's HOST=0.0.0.0, PORT changed).
# The official node:24-bookworm-slim cannot be pulled everywhere: scripts/ci-base-image.sh makes
# an equivalent one (Debian 12 minbase + Node 24 from the npm registry), cached between runs;
# HOLLER_BASE=node:24-bookworm-slim checks against the official image instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
port="${CHECK_PORT:-3919}"
name="holler-ci-$$"
volume="holler-ci-data-$$"
work="$(mktemp -d /tmp/holler-image-XXXXXX)"
started=$(date +%s)
step() { echo "== [$(($(date +%s) - started)) s] $*"; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "check-docker-image: $*" >&2; exit 1; }
dockerd_pid=
cleanup() {
  docker rm -f "$name" "$name-b" >/dev/null 2>&1 || true
  docker volume rm "$volume" >/dev/null 2>&1 || true  # not holler-ci-npm-cache: kept between runs
  if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
export DOCKER_BUILDKIT=0 # the classic builder: Debian 12's Docker has no buildx

step "Docker engine"
if ! command -v dockerd >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  dockerd --iptables=false --bridge=none >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -n 30 "$work/dockerd.log" >&2; fail "dockerd did not start"; }
fi
docker version --format 'engine {{.Server.Version}}, client {{.Client.Version}}'

step "base image without compilers"
base="${HOLLER_BASE:-$(bash scripts/ci-base-image.sh)}"
echo "base: $base"
no_compilers() {
  docker run --rm --network none --entrypoint /bin/sh "$1" -c \
    'found=; for t in python3 python make g++ gcc cc c++; do command -v $t >/dev/null && found="$found $t"; done; [ -z "$found" ] || { echo "has:$found"; exit 1; }'
}
no_compilers "$base" || fail "$base has a compiler or python: it would hide what item 1 of issue 21 is about"

step "the README's install lines in the base, as root on a server without compilers"
# Quick start (`npm ci --ignore-scripts && npm start`), then the systemd recipe's build and prune
# and its ExecStart, in the checkout as committed (git archive: what a clone gets).
git archive --format=tar HEAD >"$work/src.tar"
docker run --rm --network host -v "$work/src.tar:/src.tar:ro" -v holler-ci-npm-cache:/root/.npm \
  -e PORT="$port" -e npm_config_update_notifier=false --entrypoint /bin/bash "$base" -c '
  set -euo pipefail
  up() { for _ in $(seq 1 300); do node -e "fetch(\"http://127.0.0.1:$PORT/b/main\").then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" && return 0; sleep 0.2; done; return 1; }
  mkdir /opt/holler && cd /opt/holler && tar -xf /src.tar
  npm ci --ignore-scripts --no-audit --no-fund >/dev/null
  test ! -e node_modules/better-sqlite3/build   # nothing compiled: the shipped prebuild
  HOST=127.0.0.1 DATA_DIR=/tmp/quick npm start --silent >/tmp/quick.log 2>&1 &
  up || { cat /tmp/quick.log; echo "npm start did not answer"; exit 1; }
  kill -TERM $! && wait $! || true
  grep -q "\"msg\":\"stopped\"" /tmp/quick.log || { cat /tmp/quick.log; echo "npm start did not stop cleanly"; exit 1; }
  echo "  npm ci --ignore-scripts && npm start: answered, stopped"
  npm run build --silent 2>/dev/null && npm prune --omit=dev --no-audit --no-fund >/dev/null
  test ! -e node_modules/esbuild
  NODE_ENV=production HOST=127.0.0.1 DATA_DIR=/tmp/systemd node --optimize-for-size dist/server.js >/tmp/systemd.log 2>&1 &
  up || { cat /tmp/systemd.log; echo "the systemd ExecStart did not answer"; exit 1; }
  DATA_DIR=/tmp/systemd node dist/cli.js --help | grep -q set-password
  kill -TERM $! && wait $!
  echo "  npm run build && npm prune --omit=dev, node --optimize-for-size dist/server.js: answered, exit 0"
' || fail "an install line of the README does not work without compilers"

step "docker build (build stage, then the image)"
t=$(date +%s)
docker build -q --network host --build-arg BASE="$base" --target build -t holler-ci:build . >/dev/null
no_compilers holler-ci:build || fail "the build stage has a compiler"
# Nothing was compiled: the addon in use is the shipped prebuild.
docker run --rm --network none --entrypoint /bin/sh holler-ci:build -c 'test ! -e node_modules/better-sqlite3/build' ||
  fail "node-gyp ran in the build stage (node_modules/better-sqlite3/build exists)"
docker build -q --network host --build-arg BASE="$base" -t holler-ci:latest . >/dev/null
echo "built in $(($(date +%s) - t)) s"

step "image contents"
base_size=$(docker image inspect --format '{{.Size}}' "$base")
size=$(docker image inspect --format '{{.Size}}' holler-ci:latest)
echo "image $((size / 1000000)) MB, base $((base_size / 1000000)) MB: Holler adds $(((size - base_size) / 1000000)) MB"
docker run --rm --network none --entrypoint /bin/sh holler-ci:latest -c '
  set -e
  for d in node_modules node_modules/better-sqlite3 dist; do du -sh $d; done | sed "s/^/  /"
  # No dev dependency (npm prune may leave an empty scope folder behind: look for packages).
  for dev in tsx typescript esbuild @esbuild vitest playwright-core autocannon; do
    if [ -n "$(find node_modules/$dev -name package.json 2>/dev/null | head -n 1)" ]; then echo "runtime node_modules holds $dev"; exit 1; fi
  done
  # Only this platform'"'"'s addon, no C sources.
  test "$(ls node_modules/better-sqlite3/prebuilds)" = "linux-$(node -p process.arch).node"
  test ! -e node_modules/better-sqlite3/deps && test ! -e node_modules/better-sqlite3/src
  test -z "$(find . -name "*.ts" -not -path "./node_modules/*" | head -n 1)"
  test -f dist/public/widget.js
  test "$(id -u)" = 1000
' || fail "the image holds what it should not (see above)"

step "docker run, wait for healthy"
docker volume create "$volume" >/dev/null
run_started=$(date +%s.%N)
docker run -d --name "$name" --network host -e PORT="$port" -v "$volume:/data" holler-ci:latest >/dev/null
# The first check runs 30 s after the start (--interval; no --start-interval, see the Dockerfile).
until [ "$(($(date +%s) - ${run_started%.*}))" -gt 600 ]; do
  if [ -z "${answered:-}" ] && curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then
    answered=$(date +%s.%N)
  fi
  status=$(docker inspect --format '{{.State.Health.Status}}' "$name")
  [ "$status" = healthy ] && break
  [ "$(docker inspect --format '{{.State.Running}}' "$name")" = true ] || { docker logs "$name" >&2; fail "the container stopped"; }
  sleep 0.2
done
[ "$status" = healthy ] || { docker logs "$name" >&2; fail "never healthy (status: $status)"; }
echo "answered /healthz after $(awk -v a="$run_started" -v b="$answered" 'BEGIN { printf "%.1f", b - a }') s; HEALTHCHECK healthy after $(since "$run_started") s"

step "first-start banner"
docker logs "$name" >"$work/logs" 2>&1
grep -q 'docker exec -it <container> node dist/cli.js set-password' "$work/logs" || { cat "$work/logs"; fail "the banner does not say how to run the CLI in a container"; }
grep -q 'Log in at http://localhost:' "$work/logs" || { cat "$work/logs"; fail "the banner does not give a browsable address"; }
if grep '^  ' "$work/logs" | grep -q '0\.0\.0\.0\|npm run admin'; then cat "$work/logs"; fail "the banner names 0.0.0.0 or npm"; fi
docker exec "$name" test -s /data/initial-admin-password.txt

step "post a message through the widget's form"
page="$(curl -fsS "http://127.0.0.1:$port/b/main")"
token="$(grep -o 'name="token" value="[^"]*"' <<<"$page" | head -n 1 | sed 's/.*value="\([^"]*\)"/\1/')"
[ -n "$token" ] || fail "no form token on /b/main"
# Every script and stylesheet the widget names is served, the CSS minified (from dist/public).
for asset in $(grep -oE '/assets/[^"]+' <<<"$page" | sort -u); do curl -fsS -o /dev/null "http://127.0.0.1:$port$asset"; done
if curl -fsS "http://127.0.0.1:$port$(grep -oE '/assets/css\.[^"]+' <<<"$page" | head -n 1)" | grep -q '/\*'; then fail "widget.css is not minified"; fi
# A person takes more than FORM_MIN_SECONDS (2 s) to type.
sleep 2.2
text="Hello from the image $$"
code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Origin: http://127.0.0.1:$port" \
  --data-urlencode "body=$text" --data-urlencode "token=$token" "http://127.0.0.1:$port/b/main/messages")
[ "$code" = 303 ] || fail "posting answered $code, not 303"
curl -fsS "http://127.0.0.1:$port/api/v1/boards/main/messages" | grep -q "$text" || fail "the message is not on the board"
echo "posted: $text"

step "docker exec: the CLI"
docker exec "$name" node dist/cli.js --version | grep -qx "holler $(node -p "require('./package.json').version")"
docker exec "$name" node dist/cli.js backup /data/backup.db | grep -q 'Backup written'
# The server runs as the container's main process, with no npm, loader or compiler beside it.
docker top "$name" -o pid,args >"$work/top"
grep -q 'node --optimize-for-size dist/server.js' "$work/top" || { cat "$work/top"; fail "the server is not running as CMD says"; }
if grep -qE 'npm|tsx|esbuild' "$work/top"; then cat "$work/top"; fail "more than the server runs in the container"; fi

step "docker stop"
t=$(date +%s.%N)
docker stop -t 20 "$name" >/dev/null
echo "stopped in $(since "$t") s, exit code $(docker inspect --format '{{.State.ExitCode}}' "$name")"
[ "$(docker inspect --format '{{.State.ExitCode}}' "$name")" = 0 ] || { docker logs "$name" | tail -n 5; fail "not a clean exit"; }
docker logs "$name" 2>&1 | grep -q '"msg":"stopped"' || fail "no graceful stop in the log"

step "again on the same volume, the password from a secret file (ADMIN_PASSWORD_FILE)"
(umask 077 && openssl rand -base64 24 >"$work/admin_password.txt" 2>/dev/null || head -c 24 /dev/urandom | base64 >"$work/admin_password.txt")
chown 1000 "$work/admin_password.txt"
docker run -d --name "$name-b" --network host -e PORT="$port" -v "$volume:/data" \
  -v "$work/admin_password.txt:/run/secrets/admin_password:ro" -e ADMIN_PASSWORD_FILE=/run/secrets/admin_password holler-ci:latest >/dev/null
for _ in $(seq 1 150); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/api/v1/boards/main/messages" | grep -q "$text" || fail "the message did not survive the restart"
docker exec "$name-b" node dist/cli.js config >"$work/config" 2>&1 || { cat "$work/config"; fail "config failed"; }
grep -q '^ADMIN_PASSWORD=\*\** *(from ADMIN_PASSWORD_FILE)' "$work/config" || { cat "$work/config"; fail "config does not report ADMIN_PASSWORD set from its file"; }
docker stop -t 20 "$name-b" >/dev/null
[ "$(docker inspect --format '{{.State.ExitCode}}' "$name-b")" = 0 ] || fail "second container: not a clean exit"

docker image prune -f >/dev/null
step "docker image: ok"
