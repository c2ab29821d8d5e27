# The collector's container image: `evidence` on Node 20 (the major the project develops and tests
# on), production dependencies only, run from the TypeScript sources by tsx (a production
# dependency: there is no build step), as the unprivileged `node` user under tini, which forwards
# SIGTERM from ECS to the scheduler and reaps its job processes.
#
# Default command: `evidence schedule` (a long-running ECS service or a docker host). ECS scheduled
# tasks override the command with a one-shot `run` or `pack` (see deploy/evidence-collector.yaml).

# Stage 1: production dependencies, installed exactly from the lock file.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Stage 2: the runtime image.
FROM node:20-bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    LOG_LEVEL=info \
    EVIDENCE_HEARTBEAT_FILE=/tmp/evidence/heartbeat \
    AWS_EVIDENCE_CACHE_DIR=/tmp/evidence/catalog-cache \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
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
