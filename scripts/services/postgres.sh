#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# A private PostgreSQL cluster for local tests and CI (not Debian's "main"
# cluster and not a systemd service: we run our own postmaster with pg_ctl).
#
# Usage: scripts/services/postgres.sh {install|install-postgis|start|stop|status|reset}
#
#   install  make sure PostgreSQL server binaries exist (newest of
#            /usr/lib/postgresql/*/bin); when missing and root:
#            apt-get update && apt-get install -y postgresql.
#   install-postgis
#            make sure the PostGIS extension for the server's major version
#            is installed (Debian package postgresql-<N>-postgis-3); used by
#            the geofence benchmark's baseline only (npm run bench:geo), the
#            product never needs it.
#   start    initdb once, (re)write our settings, pg_ctl start -w, create the
#            superuser role and database "vesselwatch" if missing.
#            Prints DATABASE_URL=... on stdout.
#   stop     pg_ctl stop -m fast.
#   status   pg_isready on 127.0.0.1:<port>.
#   reset    stop and delete the cluster's data dir.
#
# Environment (all optional):
#   VW_PG_PORT     TCP port on 127.0.0.1                      (default 15432)
#   VW_PG_DIR      directory holding data/, socket/, postgres.log
#                  (default: see "Where the cluster lives" below)
#   VW_RUN_DIR     run dir shared with kafka.sh; the cluster then lives in <it>/postgres
#   VW_PG_BINDIR   PostgreSQL bin dir to use instead of the newest /usr/lib/postgresql/*/bin
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VW_LOG_TAG=postgres
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

PG_HOST="127.0.0.1"
PG_PORT="${VW_PG_PORT:-15432}"
PG_ROLE="vesselwatch"
PG_DB="vesselwatch"
PG_SUPERUSER="postgres" # bootstrap superuser created by initdb
DATABASE_URL="postgres://$PG_ROLE@$PG_HOST:$PG_PORT/$PG_DB"

# Where the cluster lives.
# initdb and the postmaster refuse to run as root, so as root we run them as the
# `postgres` OS user. That user must be able to reach (search) every parent
# directory of the data dir, which is not the case under /root (mode 0700): the
# default $HOME/.cache/vesselwatch/run would fail. So:
#   - VW_PG_DIR set             -> use it as is;
#   - VW_RUN_DIR set            -> $VW_RUN_DIR/postgres (checked below: when the
#                                  postgres user cannot reach it we stop with a
#                                  clear message instead of chmod-ing the
#                                  caller's directories);
#   - root, neither set         -> /var/tmp/vesselwatch/postgres (world-searchable
#                                  parents, survives reboots unlike /tmp tmpfs);
#   - non-root, neither set     -> $HOME/.cache/vesselwatch/run/postgres (the
#                                  server runs as the current user).
if [[ -n "${VW_PG_DIR:-}" ]]; then
  PG_DIR="$VW_PG_DIR"
elif [[ -n "${VW_RUN_DIR:-}" ]]; then
  PG_DIR="$VW_RUN_DIR/postgres"
elif vw_is_root; then
  PG_DIR="/var/tmp/vesselwatch/postgres"
else
  PG_DIR="$VW_RUN_DIR_DEFAULT/postgres"
fi
PG_DATA="$PG_DIR/data"
PG_SOCKET_DIR="$PG_DIR/socket"
PG_LOG="$PG_DIR/postgres.log"
PG_CONF_NAME="vesselwatch.conf" # our settings, included from postgresql.conf

usage() {
  echo "usage: $0 {install|install-postgis|start|stop|status|reset}" >&2
  exit 2
}

# ------------------------------------------------------------------ binaries

PG_BINDIR=""
find_bindir() { # sets PG_BINDIR; returns 1 when no server binaries are found
  local dir
  if [[ -n "${VW_PG_BINDIR:-}" ]]; then
    PG_BINDIR="$VW_PG_BINDIR"
    [[ -x "$PG_BINDIR/pg_ctl" ]] || vw_die "VW_PG_BINDIR=$PG_BINDIR has no pg_ctl"
    return 0
  fi
  PG_BINDIR=""
  # Newest major version first (sort -V handles 9.6 < 10 < 15 < 17).
  while IFS= read -r dir; do
    if [[ -x "$dir/pg_ctl" && -x "$dir/initdb" && -x "$dir/postgres" ]]; then
      PG_BINDIR="$dir"
      break
    fi
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -rV)
  [[ -n "$PG_BINDIR" ]]
}

# Client tools come from postgresql-client-N (a dependency of the server
# package), which also puts them into the same bin dir; fall back to PATH.
pg_tool() {
  if [[ -x "$PG_BINDIR/$1" ]]; then
    echo "$PG_BINDIR/$1"
  elif command -v "$1" >/dev/null 2>&1; then
    command -v "$1"
  else
    vw_die "$1 not found (Debian package: postgresql-client)"
  fi
}

do_install() {
  if find_bindir; then
    vw_log "PostgreSQL $("$PG_BINDIR/pg_ctl" --version | awk '{print $3}') found in $PG_BINDIR"
    ensure_os_user
    return 0
  fi
  if ! vw_is_root; then
    vw_die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin. Install them as root: apt-get update && apt-get install -y postgresql (or set VW_PG_BINDIR)"
  fi
  # Installs postgresql-<N> + client + postgresql-common. We do not use the
  # Debian cluster/service it may create; our cluster is separate.
  vw_apt_install postgresql
  find_bindir || vw_die "installed the postgresql package but found no server binaries under /usr/lib/postgresql/*/bin"
  vw_log "PostgreSQL installed in $PG_BINDIR"
  ensure_os_user
}

# PostGIS for the benchmark baseline: the package must match the server's major
# version (postgresql-15 -> postgresql-15-postgis-3).
do_install_postgis() {
  find_bindir || do_install
  local major control
  major="$("$PG_BINDIR/pg_ctl" --version | awk '{print $3}' | cut -d. -f1)"
  control="/usr/share/postgresql/$major/extension/postgis.control"
  if [[ -f "$control" ]]; then
    vw_log "PostGIS found for PostgreSQL $major ($control)"
    return 0
  fi
  if ! vw_is_root; then
    vw_die "PostGIS for PostgreSQL $major is missing. Install it as root: apt-get update && apt-get install -y postgresql-$major-postgis-3"
  fi
  vw_apt_install "postgresql-$major-postgis-3"
  [[ -f "$control" ]] || vw_die "installed postgresql-$major-postgis-3 but $control is missing"
  vw_log "PostGIS installed for PostgreSQL $major"
}

# As root we need the `postgres` OS user (postgresql-common creates it).
ensure_os_user() {
  vw_is_root || return 0
  if ! id -u postgres >/dev/null 2>&1; then
    vw_log "creating system user postgres"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

# as_pg CMD... : run as the cluster owner (postgres when root, else ourselves),
# from a directory it can read (avoids "could not change directory" noise).
as_pg() {
  if vw_is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# ------------------------------------------------------------------ cluster

prepare_dirs() {
  mkdir -p "$PG_DIR" "$PG_SOCKET_DIR"
  if vw_is_root; then
    chown postgres:postgres "$PG_DIR" "$PG_SOCKET_DIR"
  fi
  chmod 0700 "$PG_DIR"
  if ! as_pg test -w "$PG_DIR" -a -x "$PG_DIR"; then
    vw_die "the postgres OS user cannot reach $PG_DIR (a parent directory is not searchable by it, e.g. /root). Set VW_PG_DIR to a directory such as /var/tmp/vesselwatch/postgres"
  fi
  # Unix socket paths are limited to 107 bytes.
  local sock="$PG_SOCKET_DIR/.s.PGSQL.$PG_PORT"
  if ((${#sock} > 107)); then
    vw_die "socket path $sock is too long (${#sock} > 107 bytes); set VW_PG_DIR to a shorter directory"
  fi
}

init_cluster_if_needed() {
  local bin_major data_major
  bin_major="$("$PG_BINDIR/pg_ctl" --version | awk '{print $3}' | cut -d. -f1)"
  if [[ -f "$PG_DATA/PG_VERSION" ]]; then
    data_major="$(cat "$PG_DATA/PG_VERSION")"
    if [[ "$data_major" != "$bin_major" ]]; then
      vw_die "cluster in $PG_DATA is PostgreSQL $data_major but the binaries are $bin_major; run: $0 reset"
    fi
    return 0
  fi
  local locale_opt="--no-locale"
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    locale_opt="--locale=C.UTF-8"
  fi
  vw_log "initdb: new cluster in $PG_DATA"
  rm -rf "$PG_DATA"
  if ! as_pg "$PG_BINDIR/initdb" -D "$PG_DATA" -U "$PG_SUPERUSER" -E UTF8 "$locale_opt" \
    --auth-local=trust --auth-host=trust >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2
    vw_die "initdb failed"
  fi
}

# (Re)written on every start so port/dir changes take effect.
write_config() {
  local conf="$PG_DATA/$PG_CONF_NAME" hba="$PG_DATA/pg_hba.conf"
  cat >"$conf" <<EOF
# Generated by scripts/services/postgres.sh on every start; edits are overwritten.
listen_addresses = '$PG_HOST'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 200
shared_buffers = 256MB
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
log_min_messages = warning
EOF
  # Trust, but only on the Unix socket (owner-only directory) and 127.0.0.1.
  cat >"$hba" <<'EOF'
# Generated by scripts/services/postgres.sh. TYPE DATABASE USER ADDRESS METHOD
local   all             all                                     trust
host    all             all             127.0.0.1/32            trust
EOF
  if ! grep -q "^include_if_exists = '$PG_CONF_NAME'" "$PG_DATA/postgresql.conf"; then
    printf "\ninclude_if_exists = '%s'\n" "$PG_CONF_NAME" >>"$PG_DATA/postgresql.conf"
  fi
  if vw_is_root; then
    chown postgres:postgres "$conf" "$hba" "$PG_DATA/postgresql.conf"
  fi
  chmod 0600 "$conf" "$hba"
}

is_running() { # pg_ctl status: 0 running, 3 not running, 4 no data dir
  [[ -f "$PG_DATA/PG_VERSION" ]] && as_pg "$PG_BINDIR/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

psql_admin() { # psql_admin SQL : run SQL as the bootstrap superuser over the socket
  as_pg "$(pg_tool psql)" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$PG_PORT" \
    -U "$PG_SUPERUSER" -d postgres -tA -c "$1"
}

ensure_role_and_db() {
  if [[ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" != "1" ]]; then
    vw_log "creating role $PG_ROLE (superuser)"
    psql_admin "CREATE ROLE $PG_ROLE WITH LOGIN SUPERUSER"
  fi
  if [[ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]]; then
    vw_log "creating database $PG_DB"
    psql_admin "CREATE DATABASE $PG_DB OWNER $PG_ROLE"
  fi
}

do_start() {
  local started=$SECONDS
  if find_bindir; then
    ensure_os_user
  else
    do_install
  fi
  prepare_dirs
  if is_running; then
    vw_log "PostgreSQL already running (data dir $PG_DATA)"
  else
    if vw_port_open "$PG_HOST" "$PG_PORT"; then
      vw_die "port $PG_PORT on $PG_HOST is already in use by another process (set VW_PG_PORT)"
    fi
    init_cluster_if_needed
    write_config
    vw_log "starting PostgreSQL on $PG_HOST:$PG_PORT (data dir $PG_DATA, log $PG_LOG)"
    if vw_is_root; then
      touch "$PG_LOG"
      chown postgres:postgres "$PG_LOG"
    fi
    if ! as_pg "$PG_BINDIR/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t 60 >/dev/null; then
      vw_warn "pg_ctl start failed; last lines of $PG_LOG:"
      tail -n 40 "$PG_LOG" >&2 || true
      vw_die "PostgreSQL failed to start"
    fi
  fi
  if ! as_pg "$(pg_tool pg_isready)" -q -h "$PG_HOST" -p "$PG_PORT" -t 30; then
    vw_die "PostgreSQL is not accepting TCP connections on $PG_HOST:$PG_PORT"
  fi
  ensure_role_and_db
  vw_log "PostgreSQL ready after $((SECONDS - started))s: $DATABASE_URL"
  echo "DATABASE_URL=$DATABASE_URL"
}

do_stop() {
  if ! find_bindir; then
    vw_log "PostgreSQL binaries not found; nothing to stop"
    return 0
  fi
  if ! is_running; then
    vw_log "PostgreSQL is not running"
    return 0
  fi
  vw_log "stopping PostgreSQL ($PG_DATA) ..."
  as_pg "$PG_BINDIR/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null
  vw_log "PostgreSQL stopped"
}

do_status() {
  if find_bindir && [[ -d "$PG_DATA" ]] &&
    as_pg "$(pg_tool pg_isready)" -q -h "$PG_HOST" -p "$PG_PORT" -t 5; then
    vw_log "PostgreSQL running on $PG_HOST:$PG_PORT (data dir $PG_DATA)"
    echo "DATABASE_URL=$DATABASE_URL"
    return 0
  fi
  vw_log "PostgreSQL is not running on $PG_HOST:$PG_PORT"
  return 1
}

do_reset() {
  do_stop
  rm -rf "$PG_DATA" "$PG_LOG" "$PG_DIR/initdb.log"
  vw_log "deleted PostgreSQL data dir $PG_DATA"
}

case "${1:-}" in
  install) do_install ;;
  install-postgis) do_install_postgis ;;
  start) do_start ;;
  stop) do_stop ;;
  status) do_status || exit 1 ;;
  reset) do_reset ;;
  *) usage ;;
esac
