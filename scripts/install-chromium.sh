#!/usr/bin/env bash
# Installs Debian's Chromium for the slow-profile test that opens a run report in a real headless
# browser (ReportBrowserTest: mvn -o -B -Pslow verify -Dtest=ReportBrowserTest). Idempotent: does
# nothing when /usr/bin/chromium is already there. Needs root (or sudo) and the Debian archive.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
as_root=()
[[ "$(id -u)" == 0 ]] || as_root=(sudo)
"${as_root[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
