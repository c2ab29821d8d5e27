# The collector's container image: `evidence` on Node 24 LTS, compiled to JavaScript in a build
# stage, production dependencies only, as the unprivileged `node` user under tini, which forwards
# SIGTERM from ECS to the scheduler and reaps its job processes.
#
# Default command: `evidence schedule` (a long-running ECS service or a docker host). ECS scheduled
# tasks override the command with a one-shot `run` or `pack` (see deploy/evidence-collector.yaml).

# Stage 1: compile src/ to dist/ and bundle the AWS SDK into dist/vendor/ (scripts/build.ts; TypeScript,
# esbuild and the other build tools are dev dependencies).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts/build.ts ./scripts/build.ts
COPY src ./src
RUN npm ci --no-audit --no-fund
RUN npm run build

# Stage 2: production dependencies, installed exactly from the lock file.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 3: the runtime image.
FROM node:24-bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    LOG_LEVEL=info \
    EVIDENCE_HEARTBEAT_FILE=/tmp/evidence/heartbeat \
    AWS_EVIDENCE_CACHE_DIR=/tmp/evidence/catalog-cache
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json package-lock.json ./
COPY bin ./bin
COPY frameworks ./frameworks
COPY templates ./templates
COPY schemas ./schemas
COPY deploy/healthcheck.mjs ./deploy/healthcheck.mjs
# `evidence` on the PATH; /work is the working directory (default store, reports, config file).
RUN ln -s /app/bin/evidence.js /usr/local/bin/evidence \
 && chmod 0755 /app/bin/evidence.js \
 && mkdir -p /work \
 && chown node:node /work
USER node
WORKDIR /work
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 CMD ["node", "/app/deploy/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--", "evidence"]
CMD ["schedule"]
