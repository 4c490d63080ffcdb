# syntax=docker/dockerfile:1
# Switchboard server image. Build: docker build -t switchboard .
# Production shape: no embedded PostgreSQL (DATABASE_URL is required), runs as the unprivileged
# `node` user, JSON logs on stdout, HEALTHCHECK on /health. See compose.yaml for a full stack.

# ---- build: all dependencies, TypeScript compiled to dist/
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund && npm run build

# ---- runtime: production dependencies only, the built dist and the files it reads at run time
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    LOG_FORMAT=json \
    FLOWS_DIR=/app/flows
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional leaves out embedded-postgres' platform binaries (the image uses DATABASE_URL);
# --ignore-scripts: nothing to build or download at install time.
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
COPY src/web ./src/web
COPY flows ./flows
COPY --chmod=0755 deploy/entrypoint.sh /usr/local/bin/switchboard-entrypoint
USER node
EXPOSE 3000
# Liveness (/health): the process answers. Docker, Swarm and ECS restart a container whose
# HEALTHCHECK fails, and a restart cures neither a database outage nor a drain, so this is not
# /ready (database, flows, draining); compose.yaml checks /ready where it gates start-up order.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["switchboard-entrypoint"]
CMD ["serve"]
