#!/usr/bin/env bash
# The README's main-job command: set up a fresh machine, build, and run the main example.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup >/dev/null
export PATH="$PWD/.ci/.tools/bin:$PATH" TURBO_TELEMETRY_DISABLED=1
exec pnpm start "$@"
