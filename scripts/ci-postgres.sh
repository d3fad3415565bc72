#!/usr/bin/env bash
# The SQL store conformance suite (and the migration tests) against a real PostgreSQL.
# Starts the local cluster if it is not up; fails when any test fails.
# Usage: scripts/ci-postgres.sh   (DATABASE_URL overrides the default below)
#        scripts/ci-postgres.sh --ensure   only makes sure PostgreSQL is up (the cluster tests in
#        `npm test` create their own databases on it)
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "PostgreSQL is not up: starting the local cluster"
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do
    pg_isready -h 127.0.0.1 -p 5432 -q && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }
fi

if [ "${1:-}" = "--ensure" ]; then
  exit 0
fi

echo "SQL store conformance on $DATABASE_URL"
# PGlite runs in the ordinary test run; here only the PostgreSQL half (each run in its own schema).
npx vitest run --project node server/sql server/cluster --testNamePattern PostgreSQL
