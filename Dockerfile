# One image for every role (web, worker, migrate, simulators); docker-compose.yml picks the
# command. Debian-based so that argon2's prebuilt binary and Prisma's WASM engine just work.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY scripts ./scripts
COPY prisma ./prisma
COPY prisma.config.ts ./
# postinstall runs scripts/prisma-generate.mjs (needs prisma/ and scripts/ present).
RUN npm ci --no-audit --no-fund
COPY . .
RUN ./node_modules/.bin/next build && node scripts/build-worker.mjs

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# Two malloc arenas: threads otherwise keep tens of MB each (docs/benchmarks/worker.md "Compiled worker").
ENV MALLOC_ARENA_MAX=2
# The worker runs compiled (dist/worker/main.mjs, no TypeScript loader); tsx runs the simulators
# and seed from source, so the full tree and dev tools stay.
COPY --from=build --chown=node:node /app ./
# /data holds the simulators' state file (a named volume inherits this owner).
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["node", "scripts/server.mjs", "-H", "0.0.0.0", "-p", "3000"]
