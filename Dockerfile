# Holler image. Every step is one you can run by hand on a Debian machine with Node 24;
# scripts/check-docker-steps.sh runs the same steps without Docker (CI does, on every run).

# --- build: all dependencies, bundle to plain JavaScript (and minify public/ into dist/public),
# then drop the dev dependencies ---
FROM node:24-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 ships prebuilt binaries for linux x64/arm64 (glibc and musl): no compilers here.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/minify.mjs ./scripts/
COPY src ./src
COPY public ./public
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: compiled JavaScript and production dependencies only (no TypeScript, tsx or
# esbuild), not root ---
FROM node:24-bookworm-slim
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
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The server is PID 1's direct command (not npm), so `docker stop`'s SIGTERM reaches it and
# it shuts down gracefully. Operator commands: `docker exec -it <container> node dist/cli.js --help`.
CMD ["node", "--optimize-for-size", "dist/server.js"]
