#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make valgrind: multi-client runs under valgrind's memcheck; any memory error or definite
# leak fails (exit 99). Only tests that do not race the clock are chosen: under valgrind's
# 20-50x slowdown, tests with 200 ms heartbeats time out without anything being wrong.
#   usage: scripts/run-valgrind.sh BUILD_DIR
set -euo pipefail
build_dir=${1:?usage: run-valgrind.sh BUILD_DIR}
runs=(
    # the hub with five clients typing concurrently (and the owner): all converge
    "tests/net/tst_hub_ops fiveClientsConverge"
    # two desktop clients (SyncClient + offline cache) typing at once through a hub
    "tests/net/tst_syncclient_editing twoClientsTypingAtOnceConverge"
)
for run in "${runs[@]}"; do
    read -r test function <<<"$run"
    echo "valgrind: $test $function"
    "$(dirname "$0")/in-test-session.sh" valgrind --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite --num-callers=40 -q \
        "$build_dir/$test" "$function"
done
echo "valgrind: no memory errors, no definite leaks"
