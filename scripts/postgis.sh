# Sourced by scripts/test.sh and scripts/bench.sh: a PostgreSQL 15 cluster
# with PostGIS in a temporary directory, on a free loopback port, owned by the
# unprivileged postgres user when run as root (PostgreSQL refuses root).
# Sets POSTGIS_CONNECTION to a GDAL "PG:" string.

postgis_start() {
  local bindir=/usr/lib/postgresql/15/bin
  POSTGIS_DIR=$(mktemp -d /tmp/envgrid-pg.XXXXXX)
  POSTGIS_PORT=$(( 20000 + RANDOM % 20000 ))
  local as_user=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$POSTGIS_DIR"
    as_user=(runuser -u postgres --)
    POSTGIS_USER=postgres
  else
    POSTGIS_USER=$(id -un)
  fi
  "${as_user[@]}" "$bindir/initdb" -D "$POSTGIS_DIR/data" -U "$POSTGIS_USER" -A trust >/dev/null
  "${as_user[@]}" "$bindir/pg_ctl" -D "$POSTGIS_DIR/data" -l "$POSTGIS_DIR/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $POSTGIS_PORT -k $POSTGIS_DIR -c fsync=off" start >/dev/null
  local psql=(psql -h 127.0.0.1 -p "$POSTGIS_PORT" -U "$POSTGIS_USER" -v ON_ERROR_STOP=1 -q)
  "${psql[@]}" -d postgres -c "CREATE DATABASE envgrid_test"
  "${psql[@]}" -d envgrid_test -c "CREATE EXTENSION IF NOT EXISTS postgis"
  POSTGIS_CONNECTION="PG:host=127.0.0.1 port=$POSTGIS_PORT user=$POSTGIS_USER dbname=envgrid_test"
  export POSTGIS_CONNECTION
  echo "postgis: test server on 127.0.0.1:$POSTGIS_PORT ($POSTGIS_DIR)" >&2
}

postgis_stop() {
  [ -n "${POSTGIS_DIR:-}" ] || return 0
  local as_user=()
  [ "$(id -u)" -eq 0 ] && as_user=(runuser -u postgres --)
  "${as_user[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$POSTGIS_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$POSTGIS_DIR"
}
