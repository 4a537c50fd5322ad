# syntax=docker/dockerfile:1
# Tinkr gateway: multi-stage build on Node 24; the final image has production dependencies only
# and runs as the unprivileged `node` user.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schema ./schema
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json

FROM node:24-bookworm-slim AS production-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    PORT=4000 \
    TINKR_CONFIG=/etc/tinkr/tinkr.toml
WORKDIR /app
COPY --from=production-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The web console's committed, prebuilt files (tsc copies no assets); served from dist/console/public.
COPY --chown=root:root src/console/public ./dist/console/public
COPY --chown=root:root package.json tinkr.example.toml ./
COPY --chown=root:root schema ./schema
# Mount the real config at /etc/tinkr/tinkr.toml; the example is a starting point.
COPY --chown=root:root tinkr.example.toml /etc/tinkr/tinkr.toml
# Fargate has no no-new-privileges option, so the image keeps no set-user-ID or set-group-ID
# program (su, mount, passwd, ...) through which a process could gain privileges.
RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +
# The gateway writes no file: it runs with a read-only root file system (deploy/ecs/).
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The container listens on all interfaces: put auth in front (see docs/security.md).
CMD ["node", "dist/cli.js", "serve", "--host", "0.0.0.0"]
