# Holler image. Every step is one you can run by hand on a Debian machine with Node 24, and none
# needs a compiler: the official slim image has no python3, make or g++.
# CI builds this very file from a stand-in for the official image made of Debian's packages and
# Node 24 from the npm registry (scripts/ci-base-image.sh, `--build-arg BASE=...`), runs the image,
# posts a message and stops it (scripts/check-docker-image.sh).
ARG BASE=node:24-bookworm-slim

# --- build: all dependencies, bundle to plain JavaScript (and minify public/ into dist/public),
# then drop the dev dependencies ---
FROM ${BASE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: npm would run node-gyp for better-sqlite3 (its package has a binding.gyp),
# which needs python3, make and g++ even to find out that the shipped prebuilt addon fits. Without
# it better-sqlite3 loads prebuilds/linux-x64.node (or -arm64), and esbuild its binary from its
# platform package (@esbuild/linux-x64), an optional dependency: nothing else has install scripts.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/minify.mjs scripts/node-version.mjs ./scripts/
COPY src ./src
COPY public ./public
# Of better-sqlite3 only this platform's addon stays: not the prebuilds for seven others, nor
# SQLite's and the binding's C sources (about 25 MB); then the addon must still load.
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && addon="$(node -p "require('./node_modules/better-sqlite3/lib/binding.js').getPrebuildPath()")" \
 && find /app/node_modules/better-sqlite3/prebuilds -type f ! -path "$addon" -delete \
 && rm -rf node_modules/better-sqlite3/deps node_modules/better-sqlite3/src node_modules/better-sqlite3/binding.gyp \
 && node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()"

# --- runtime: compiled JavaScript and production dependencies only (no TypeScript, tsx or
# esbuild), not root ---
FROM ${BASE}
# NODE_OPTIONS: a small young generation (1 MB semi-spaces instead of V8's default, up to 64 MB
# on a large machine) keeps a small VPS's memory low for little throughput; README
# "Performance". Override it with `docker run -e NODE_OPTIONS=...` (it replaces this value).
# --optimize-for-size (in CMD: V8 refuses it in NODE_OPTIONS) makes V8 collect sooner and keep
# less: a third less memory under load, and less saturated throughput (README "Performance").
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    NODE_OPTIONS=--max-semi-space-size=1
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY migrations ./migrations
# 0700: the database holds the poster secret; a new named volume takes this mode too (R1).
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME /data
EXPOSE 3000
# Liveness (/livez: the process answers), not readiness (/healthz, 503 while the disk is full): an
# orchestrator that replaces unhealthy containers (Swarm, autoheal) would restart-loop a Holler
# that a restart cannot help. Watch /healthz from monitoring instead (README "Monitoring").
# No --start-interval: Debian 12's own Docker (20.10) refuses the whole file for it. Compose sets
# start_interval (Docker 25+); with docker run, --health-start-interval=1s does the same.
# --timeout=10s: the probe is a new node process, which takes seconds to start on a busy host.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The server is PID 1's direct command (not npm), so `docker stop`'s SIGTERM reaches it and
# it shuts down gracefully. Operator commands: `docker exec -it <container> node dist/cli.js --help`.
CMD ["node", "--optimize-for-size", "dist/server.js"]
