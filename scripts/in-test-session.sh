#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (what Qt
# Keychain needs on Linux), on the offscreen platform. Nothing is written to the user's home:
# keyring and XDG folders live in a temp folder that is removed afterwards.
#   usage: scripts/in-test-session.sh COMMAND [ARGS...]
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: in-test-session.sh COMMAND [ARGS...]" >&2; exit 2; }

if [[ -z "${TANDEM_IN_TEST_SESSION:-}" ]]; then
    sandbox=$(mktemp -d "${TMPDIR:-/tmp}/tandem-test.XXXXXX")
    trap 'rm -rf "$sandbox"' EXIT
    mkdir -p "$sandbox"/{home,data,config,cache,runtime}
    chmod 700 "$sandbox/runtime"
    export TANDEM_IN_TEST_SESSION=1
    HOME="$sandbox/home" XDG_DATA_HOME="$sandbox/data" XDG_CONFIG_HOME="$sandbox/config" \
        XDG_CACHE_HOME="$sandbox/cache" XDG_RUNTIME_DIR="$sandbox/runtime" \
        dbus-run-session -- "$0" "$@"
    exit $?
fi

# Inside the session bus: start an unlocked keyring with only the secrets component.
echo -n "tandem-tests" | gnome-keyring-daemon --replace --unlock --components=secrets >/dev/null 2>&1 || {
    echo "warning: gnome-keyring-daemon did not start; keychain tests will fail" >&2
}
export QT_QPA_PLATFORM=offscreen
exec "$@"
