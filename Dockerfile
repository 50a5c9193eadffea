# Flux's image: Next.js's standalone server, migrations and first-run set-up on start.
# `docker compose up -d` builds and runs it with TimescaleDB (docker-compose.yml, README "Docker");
# alone: docker build -t flux . && docker run -e DATABASE_URL=… -e AUTH_SECRET=… -p 3000:3000 flux

# The Node.js line the project is tested on (package.json engines: >=20.9).
ARG NODE_IMAGE=node:20-bookworm-slim

# Dependencies, from the lockfile only, so this layer is reused until package-lock.json changes.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# The SDK served under /sdk, the standalone Next.js build, and the runtime tree in /out
# (scripts/container/assemble.ts: server.js and its traced node_modules, static files,
# public/, migrations, the container scripts bundled by esbuild).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 FLUX_STANDALONE=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build && npx tsx scripts/container/assemble.ts /out

# What runs: no compiler, no dev dependencies, no npm install; nothing is fetched at run time.
FROM ${NODE_IMAGE} AS runtime
# HOSTNAME: Docker sets it to the container id, and server.js would listen on that address alone.
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
WORKDIR /app
# A user of its own; /var/lib/flux holds the secrets docker compose generates (a volume).
RUN groupadd --system --gid 1001 flux \
 && useradd --system --uid 1001 --gid flux --home-dir /var/lib/flux --no-create-home --shell /usr/sbin/nologin flux \
 && install -d -o flux -g flux -m 0700 /var/lib/flux
# The code belongs to root, so the server cannot change it; only Next.js's cache is writable.
COPY --from=build /out /app
RUN install -d -o flux -g flux /app/.next/cache
USER flux
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "container/start.mjs"]
