#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every benchmark of a release build and prints Markdown for docs/BENCHMARKS.md,
# headed by the machine and the date. Benchmarks pin themselves to one core with taskset
# when it is available, so numbers are per core. The side-by-side run needs Node.js and npm
# (Debian's nodejs and npm are installed when missing) and the peers of bench/peers, which
# npm installs from the registry at the versions of bench/peers/package-lock.json; its
# plots go to PLOTS_DIR (default docs/benchmarks).
#   usage: scripts/run-benchmarks.sh BUILD_DIR
set -euo pipefail
build_dir=${1:?usage: run-benchmarks.sh BUILD_DIR}
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "$(( $(nproc) - 1 ))"); fi
# bench_hub starts tandem-hub itself, pinned to core 0.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
plots=${PLOTS_DIR:-$here/../docs/benchmarks}

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [[ $(id -u) -ne 0 ]]; then
        echo "make bench needs Node.js and npm: sudo apt-get install nodejs npm" >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm >&2
fi
if [[ ! -d "$here/../bench/peers/node_modules/sharedb" ]]; then
    (cd "$here/../bench/peers" && npm ci --no-audit --no-fund >&2)
fi

echo "## Run of $(date -u +%Y-%m-%d) on $(uname -srm)"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//') ($(nproc) cores), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
echo "- Qt $(qtpaths6 --qt-version 2>/dev/null || echo '?'), $(c++ --version | head -1), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "- pinned with: ${pin[*]:-(no taskset)}"
echo
echo "### Text operations into the hub-side document"
echo
bench="$build_dir/bench/bench_textoperation"
"$bench" --header
"${pin[@]}" "$bench" trace
"${pin[@]}" "$bench" json
"${pin[@]}" "$bench" random
echo
echo "### The notes search over a 10 MB note"
echo
"${pin[@]}" "$bench" search

echo
echo "### The hub under load (tandem-hub on core 0, clients on core 1)"
echo
"${pin[@]}" "$build_dir/bench/bench_hub" "$build_dir/app/tandem-hub"

echo
echo "### The hub's event loop: one pass with N idle sockets watched (pinned to the last core)"
echo
"${pin[@]}" "$build_dir/bench/bench_eventloop"

echo
echo "### The client sync layer (tandem-hub on core 0, the client on the last core)"
echo
"$build_dir/bench/bench_client" --header
"${pin[@]}" "$build_dir/bench/bench_client" "$build_dir/app/tandem-hub"

echo
echo "### The desktop app (offscreen; tandem-hub on core 0, the app on the last core)"
echo
"$build_dir/bench/bench_ui" --header
"${pin[@]}" "$build_dir/bench/bench_ui" "$build_dir/app/tandem-hub" "$build_dir/app/tandem"

echo
echo "### Side by side with peers (each server alone on core 0, the load generator on the last core)"
echo
data=$(mktemp)
"${pin[@]}" "$build_dir/bench/bench_peers" --data "$data" "$build_dir/app/tandem-hub" \
    "$(command -v node)" "$here/../bench/peers"
"$here/plot-benchmarks.sh" "$data" "$plots" >&2
rm -f "$data"
