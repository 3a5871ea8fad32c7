#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests, in a new temporary directory on a free
# loopback port, and prints two lines: the JDBC URL the tests read from
# AIRSSYS_WASM_TEST_POSTGRES_URL, and the directory to give stop.sh. Needs Debian's postgresql
# package (apt-get install postgresql). As root, the server runs as the postgres user.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d "${TMPDIR:-/tmp}/airssys-wasm-postgres.XXXXXX")
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 >"$dir/initdb.log"
# a random high port; another one if it is taken
for attempt in $(seq 20); do
  port=$(shuf -i 20000-60000 -n 1)
  if "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1; then
    echo "jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres"
    echo "$dir"
    exit 0
  fi
done
echo "could not start PostgreSQL; see $dir/server.log" >&2
exit 1
