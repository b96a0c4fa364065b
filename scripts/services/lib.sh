# shellcheck shell=bash
# Shared helpers for scripts/services/*.sh. Sourced, never executed.
#
# Convention for every script here: progress and diagnostics go to stderr,
# machine-readable "KEY=value" lines go to stdout, so callers can do e.g.
#   scripts/services/services.sh start >> "$env_file"

VW_CACHE_DIR="${VW_CACHE_DIR:-$HOME/.cache/vesselwatch}"
# shellcheck disable=SC2034 # used by the scripts that source this file
VW_RUN_DIR_DEFAULT="$HOME/.cache/vesselwatch/run"

vw_log() { printf '[%s] %s\n' "${VW_LOG_TAG:-services}" "$*" >&2; }
vw_warn() { printf '[%s] WARNING: %s\n' "${VW_LOG_TAG:-services}" "$*" >&2; }
vw_die() {
  printf '[%s] ERROR: %s\n' "${VW_LOG_TAG:-services}" "$*" >&2
  exit 1
}

# Never fail silently under `set -e`: name the command and line that failed.
# (errtrace makes functions and command substitutions inherit the trap; it does
# not fire for commands whose status is tested by if/while/&&/||.)
set -o errtrace
trap 'vw_warn "command failed (exit $?) at ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND"' ERR

vw_is_root() { [[ "$(id -u)" -eq 0 ]]; }

# vw_port_open HOST PORT -> 0 when something accepts TCP connections there.
vw_port_open() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# vw_apt_install PKG... : install Debian packages non-interactively (root only).
vw_apt_install() {
  vw_is_root || vw_die "need root to install Debian packages: $*"
  vw_log "installing Debian packages: $* (apt-get update + install)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "$@" >&2
}

# vw_pid_alive PID PATTERN -> 0 if PID runs and its command line contains PATTERN
# (guards against a stale pid file whose pid was reused by another process).
vw_pid_alive() {
  local pid="$1" pattern="$2" cmdline
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *"$pattern"* ]]
}
