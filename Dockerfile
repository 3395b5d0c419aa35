# Holler image. Every step is one you can run by hand on a Debian machine with Node 20;
# scripts/check-docker-steps.sh runs the same steps without Docker (CI does, on every run).

# --- deps: production node_modules, with better-sqlite3 compiled for this image ---
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# Compilers for better-sqlite3's native addon (no prebuilt binary is assumed to be reachable).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

# --- runtime: no compilers, no dev dependencies, not root ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY public ./public
COPY migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The server is PID 1's direct command (not npm), so `docker stop`'s SIGTERM reaches it and
# it shuts down gracefully.
CMD ["node", "--import", "tsx", "src/server.ts"]
