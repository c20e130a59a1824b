# syntax=docker/dockerfile:1

# There is no build step: Node 24 strips TypeScript types at load time, so the image runs src/
# directly and only needs production dependencies. The `node` devDependency (which pins Node for
# npm scripts on older hosts) is left out by --omit=dev; the base image already is Node 24.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# The wildcard keeps the build working before schema.graphql has been printed; package.json
# makes the source list non-empty so an unmatched wildcard is not an error.
COPY package.json schema.graphql* ./
COPY migrations ./migrations
COPY src ./src
# Without DATABASE_URL the app falls back to embedded PGlite under ./.data, which the
# unprivileged user must be able to write (mount a volume there to keep the data).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form so node is PID 1 and receives SIGTERM itself for a graceful shutdown.
CMD ["node", "src/main.ts"]
