# syntax=docker/dockerfile:1
# One image recipe for the four services: `docker build --build-arg SERVICE=executor -t maker/executor .`
# SERVICE is one of orchestrator, cockpit-gateway, script-generator, executor.
ARG NODE_IMAGE=node:20.20-bookworm-slim

# --- build: every workspace compiled with the pinned toolchain (TypeScript 7, nx) ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false
COPY package.json package-lock.json nx.json tsconfig.base.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm ci --no-audit --no-fund && npm run build

# --- prod-deps: only the production dependencies of the chosen service and the libs it uses ---
FROM ${NODE_IMAGE} AS prod-deps
ARG SERVICE
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/libs ./libs
COPY --from=build /app/apps ./apps
RUN test -n "${SERVICE}" || { echo "--build-arg SERVICE=<name> is required" >&2; exit 1; } \
 && npm ci --omit=dev --no-audit --no-fund --workspace "apps/${SERVICE}" --include-workspace-root=false \
 && find libs apps -mindepth 2 -maxdepth 2 \( -name src -o -name 'tsconfig*.json' \) -prune -exec rm -rf {} + \
 && find libs apps -name '*.map' -delete \
 && npm cache clean --force

# --- runtime: slim Node, git for the executor's shadow repositories, tini as PID 1, non-root ---
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
RUN apt-get update \
 && apt-get install -y --no-install-recommends git tini ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /workspaces && chown node:node /workspaces
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app ./
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0
# The image's own user (uid 1000); the code stays root-owned and read-only to it.
USER node:node
EXPOSE 8080 8081 8082 8083
# Ready means Redis answers; the fetch reads PORT at run time (default ports per service in §12).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "const d={orchestrator:8080,'cockpit-gateway':8081,'script-generator':8082,executor:8083};fetch('http://127.0.0.1:'+(process.env.PORT||d[process.env.SERVICE])+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["sh", "-c", "exec node apps/${SERVICE}/dist/main.js"]
