#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs ctest for one build folder in a private test session (scripts/in-test-session.sh:
# D-Bus, an unlocked gnome-keyring, the offscreen platform, XDG folders in a temp folder).
#   usage: scripts/run-tests.sh BUILD_DIR [extra ctest arguments]
set -euo pipefail
build_dir=${1:?usage: run-tests.sh BUILD_DIR [ctest args]}
shift
exec "$(dirname "$0")/in-test-session.sh" \
    ctest --test-dir "$build_dir" --output-on-failure --timeout 600 -j "$(nproc)" "$@"
