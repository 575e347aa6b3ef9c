#!/bin/sh
# One-step set-up on a Debian machine (README, "Quick start"): installs Chromium and poppler-utils with apt-get
# when they are missing, installs the npm dependencies (never a browser download), and builds the official edition
# into out/.
set -eu
cd "$(dirname "$0")/.."

missing=""
[ -x /usr/bin/chromium ] || [ -n "${CHROME_PATH:-}" ] || [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ] || missing="$missing chromium"
command -v pdftotext > /dev/null 2>&1 || missing="$missing poppler-utils"
if [ -n "$missing" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=""
  elif command -v sudo > /dev/null 2>&1; then
    as_root="sudo"
  else
    echo "kompendium setup: please install$missing (apt-get install -y$missing) as root, then run this again" >&2
    exit 2
  fi
  echo "kompendium setup: installing$missing with apt-get" >&2
  $as_root apt-get update -qq
  # shellcheck disable=SC2086 -- the package list is meant to split into words
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends $missing > /dev/null
fi

echo "kompendium setup: installing npm dependencies" >&2
PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund

npm run --silent compile

echo "kompendium setup: building the edition in entries/ into out/" >&2
node src/bin.js build
