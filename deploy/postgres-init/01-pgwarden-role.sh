#!/bin/sh
# Runs once, when the example's PostgreSQL volume is first created: the monitoring role of docs/least-privilege.md.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres -v pw="$PGWARDEN_DB_PASSWORD" <<'SQL'
CREATE ROLE pgwarden LOGIN PASSWORD :'pw';
GRANT pg_monitor TO pgwarden;
GRANT CONNECT ON DATABASE postgres TO pgwarden;
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
SQL
