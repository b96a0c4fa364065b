#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Debian's Chromium for the dashboard's browser tests and `npm run bench:dashboard` (driven by
# playwright-core; Playwright's own browser downloads are never used).
#
# Usage: scripts/services/chromium.sh {install|status|env}
#
#   install  make sure a Chromium binary exists; when missing and root:
#            apt-get update && apt-get install chromium (plus a font for the screenshots).
#            Prints CHROMIUM_PATH=... on stdout.
#   status   exit 0 when the binary exists and starts (`--version`).
#   env      only print CHROMIUM_PATH=... (no checks).
#
# Environment: CHROMIUM_PATH  a Chromium or Chrome binary to use instead of Debian's /usr/bin/chromium.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VW_LOG_TAG=chromium
# shellcheck source=lib.sh
source "$SCRIPT_DIR/lib.sh"

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

chromium_works() { [[ -x "$CHROMIUM" ]] && "$CHROMIUM" --headless --no-sandbox --version >/dev/null 2>&1; }

case "${1:-}" in
  install)
    if ! chromium_works; then
      [[ -z "${CHROMIUM_PATH:-}" ]] || vw_die "CHROMIUM_PATH=$CHROMIUM does not start"
      vw_apt_install chromium fonts-dejavu-core
      chromium_works || vw_die "chromium was installed but $CHROMIUM does not start"
    fi
    vw_log "$("$CHROMIUM" --headless --no-sandbox --version 2>/dev/null)"
    echo "CHROMIUM_PATH=$CHROMIUM"
    ;;
  status)
    chromium_works
    ;;
  env)
    echo "CHROMIUM_PATH=$CHROMIUM"
    ;;
  *)
    echo "usage: $0 {install|status|env}" >&2
    exit 2
    ;;
esac
