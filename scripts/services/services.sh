#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Kafka + PostgreSQL for VesselWatch tests, together.
#
# Usage: scripts/services/services.sh {install|start|stop|status|reset|env}
#
#   install  install both (Kafka jars via Maven, PostgreSQL via apt if missing)
#   start    install, then start both; prints on stdout (progress goes to stderr):
#              KAFKA_BROKERS=127.0.0.1:19092
#              DATABASE_URL=postgres://vesselwatch@127.0.0.1:15432/vesselwatch
#            e.g.  vw_env="$(scripts/services/services.sh start)"  # set -e stops on failure
#                  set -a; eval "$vw_env"; set +a
#   stop     stop both (tries both even if one fails; non-zero if any failed)
#   status   exit 0 when both run and accept connections
#   reset    stop both and delete their data
#   env      only print the two lines above (no checks)
#
# Settings: see kafka.sh and postgres.sh (VW_KAFKA_PORT, VW_PG_PORT, VW_CACHE_DIR,
# VW_RUN_DIR, ...).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VW_LOG_TAG=services
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

KAFKA="$SCRIPT_DIR/kafka.sh"
POSTGRES="$SCRIPT_DIR/postgres.sh"

print_env() {
  echo "KAFKA_BROKERS=127.0.0.1:${VW_KAFKA_PORT:-19092}"
  echo "DATABASE_URL=postgres://vesselwatch@127.0.0.1:${VW_PG_PORT:-15432}/vesselwatch"
}

# Run each sub-command (sub-scripts' stdout folded into stderr so that our own
# stdout carries only the env lines); report which ones failed.
run_each() { # run_each SUBCOMMAND SCRIPT...
  local sub="$1" script rc=0
  shift
  for script in "$@"; do
    if ! "$script" "$sub" >&2; then
      vw_warn "$(basename "$script") $sub failed"
      rc=1
    fi
  done
  return "$rc"
}

case "${1:-}" in
  install)
    "$KAFKA" install >&2
    "$POSTGRES" install >&2
    ;;
  start)
    "$KAFKA" install >&2
    "$POSTGRES" install >&2
    # Postgres first: it is quick, and a failure shows up before the JVM start.
    "$POSTGRES" start >&2
    "$KAFKA" start >&2
    vw_log "services are up"
    print_env
    ;;
  stop)
    run_each stop "$KAFKA" "$POSTGRES" || exit 1
    ;;
  status)
    if run_each status "$KAFKA" "$POSTGRES"; then
      print_env
    else
      exit 1
    fi
    ;;
  reset)
    run_each reset "$KAFKA" "$POSTGRES" || exit 1
    ;;
  env)
    print_env
    ;;
  *)
    echo "usage: $0 {install|start|stop|status|reset|env}" >&2
    exit 2
    ;;
esac
