#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# make package-test: checks the Linux packages as a user and an operator get them.
#   usage: packaging/linux/package-test.sh PACKAGE_BUILD_DIR PROBE
# PACKAGE_BUILD_DIR holds the .deb, .rpm and .tar.gz (make package); PROBE is
# tandem-sync-probe from the default build (a headless client).
# It installs the .deb with apt, runs both programs from /usr/bin, starts the hub the way
# its systemd unit does (as the unit's user, with the unit's command line; only the port is
# made free), connects a real client, then removes the package and checks the notes stay.
# It needs root and changes the system (the package, the tandem-hub user): CI machines only,
# or a machine where that is fine. It refuses to run over an existing installation or hub.
set -euo pipefail
pkg_dir=$(realpath "${1:?usage: package-test.sh PACKAGE_BUILD_DIR PROBE}")
probe=$(realpath "${2:?usage: package-test.sh PACKAGE_BUILD_DIR PROBE}")
state=/var/lib/tandem-hub
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'package-test: FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "it installs the .deb with apt: run it as root (CI does)"
dpkg-query -W -f='${Status}' tandem 2>/dev/null | grep -q "install ok installed" &&
    fail "a tandem package is already installed here; remove it first"
[ -e "$state" ] && fail "$state exists: this would touch a real hub's data"

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$pkg_dir/CMakeCache.txt")
arch=$(dpkg --print-architecture)
deb="$pkg_dir/tandem_${version}-1_${arch}.deb"
rpm="$pkg_dir/tandem-${version}-1.$(uname -m).rpm"
tgz="$pkg_dir/tandem-${version}-linux-$(uname -m).tar.gz"
for f in "$deb" "$rpm" "$tgz"; do [ -s "$f" ] || fail "missing package $f (make package)"; done
echo "version $version: $(basename "$deb"), $(basename "$rpm"), $(basename "$tgz")"

work=$(mktemp -d)
hub_pid=
created_user=
cleanup() {
    if [ -n "$hub_pid" ]; then kill "$hub_pid" 2>/dev/null || true; fi
    if dpkg-query -W -f='${Status}' tandem 2>/dev/null | grep -q "ok installed"; then
        apt-get remove -y -qq tandem >/dev/null 2>&1 || true
    fi
    dpkg --purge tandem >/dev/null 2>&1 || true
    rm -rf "$work" "$state"
    if [ -n "$created_user" ]; then userdel tandem-hub 2>/dev/null || true; fi
}
trap cleanup EXIT

step "contents"
expected=(
    usr/bin/tandem usr/bin/tandem-hub
    usr/share/applications/invalid.tandem.Tandem.desktop
    usr/share/metainfo/invalid.tandem.Tandem.metainfo.xml
    usr/share/icons/hicolor/scalable/apps/tandem.svg
    usr/share/icons/hicolor/48x48/apps/tandem.png
    usr/share/icons/hicolor/256x256/apps/tandem.png
    usr/share/man/man1/tandem.1.gz usr/share/man/man1/tandem-hub.1.gz
    usr/lib/systemd/system/tandem-hub.service usr/lib/systemd/user/tandem-hub.service
    usr/lib/sysusers.d/tandem-hub.conf usr/share/doc/tandem/copyright
)
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./||' >"$work/deb.list"
rpm -qpl "$rpm" 2>/dev/null | sed 's|^/||' >"$work/rpm.list"
tar tzf "$tgz" | sed 's|^[^/]*/||' >"$work/tgz.list"
for path in "${expected[@]}"; do
    grep -qx "$path" "$work/deb.list" || fail ".deb lacks /$path"
    grep -qx "$path" "$work/rpm.list" || fail ".rpm lacks /$path"
    grep -qx "$path" "$work/tgz.list" || fail ".tar.gz lacks $path"
done
echo "all ${#expected[@]} expected files in each package"

step "dependencies found by the scanners"
depends=$(dpkg-deb -f "$deb" Depends)
echo ".deb Depends: $depends"
for lib in libqt6core6 libqt6widgets6 libqt6websockets6 libqt6keychain1 libqt6sql6-sqlite; do
    grep -q "$lib" <<<"$depends" || fail ".deb does not depend on $lib"
done
requires=$(rpm -qpR "$rpm" 2>/dev/null)
for req in 'libQt6Core.so.6()(64bit)' 'libQt6WebSockets.so.6()(64bit)' 'libqt6keychain.so.1()(64bit)' qt6-qtsvg; do
    grep -qxF "$req" <<<"$requires" || fail ".rpm does not require $req"
done
echo ".rpm requires $(wc -l <<<"$requires") capabilities, Qt's libraries among them"

step "validators on the packaged files"
mkdir "$work/root"
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/invalid.tandem.Tandem.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/invalid.tandem.Tandem.metainfo.xml"
for page in tandem tandem-hub; do
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z \
        "$work/root/usr/share/man/man1/$page.1.gz" 2>&1 >/dev/null)
    [ -z "$warnings" ] || fail "man page $page.1: $warnings"
done
if command -v systemd-analyze >/dev/null && [ -d /run/systemd/system ]; then
    systemd-analyze verify "$work/root/usr/lib/systemd/system/tandem-hub.service"
fi
echo "desktop file, metainfo and man pages valid"

step "install with apt"
apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt could not install $deb"; }
getent passwd tandem-hub >/dev/null || fail "the package did not create the tandem-hub user"
created_user=yes
[ "$(/usr/bin/tandem --version)" = "Tandem $version" ] || fail "tandem --version: $(/usr/bin/tandem --version)"
/usr/bin/tandem-hub --version | grep -q "^tandem-hub $version " ||
    fail "tandem-hub --version: $(/usr/bin/tandem-hub --version)"
/usr/bin/tandem --version
/usr/bin/tandem-hub --version
# The installed app starts (its Qt plugins resolved: SQLite driver, SVG icons) and paints.
painted=$(QT_QPA_PLATFORM=offscreen TANDEM_FIRST_PAINT_PROBE=1 timeout 60 \
    /usr/bin/tandem --profile "$work/profile" 2>&1) ||
    { echo "$painted"; fail "the installed tandem did not start"; }
grep -q "^first-paint-epoch-ms " <<<"$painted" || { echo "$painted"; fail "tandem never painted"; }
[ -s "$work/profile/data/this-computer/hub/hub.sqlite" ] || fail "tandem kept no notes in its profile"
echo "the installed tandem started, painted its window and opened its built-in hub"

unit=/usr/lib/systemd/system/tandem-hub.service
unit_line() { sed -n "s/^$1=//p" "$unit"; }
start_hub() {
    # What systemd does for this unit: the state folder, owned by the unit's user, then
    # ExecStart as that user. The port is made free so a busy 8787 cannot fail the check.
    local user exec
    user=$(unit_line User)
    exec=$(unit_line ExecStart)
    [ "$exec" != "${exec/127.0.0.1:8787/}" ] || fail "ExecStart does not listen on 127.0.0.1:8787: $exec"
    install -d -m "$(unit_line StateDirectoryMode)" -o "$user" -g "$(unit_line Group)" \
        "/var/lib/$(unit_line StateDirectory)"
    : >"$work/hub.out" # exists before the hub starts (it is read in the loop below)
    # shellcheck disable=SC2086 # ExecStart is a command line
    setpriv --reuid="$user" --regid="$(unit_line Group)" --init-groups \
        ${exec/127.0.0.1:8787/127.0.0.1:0} >"$work/hub.out" 2>"$work/hub.err" &
    hub_pid=$!
    for _ in $(seq 100); do
        url=$(sed -n 's/^tandem-hub listening on \([^ ]*\).*/\1/p' "$work/hub.out")
        [ -n "$url" ] && return 0
        kill -0 "$hub_pid" 2>/dev/null || { cat "$work/hub.err"; fail "the hub exited"; }
        sleep 0.1
    done
    fail "the hub never said it was listening"
}
stop_hub() {
    kill -TERM "$hub_pid"
    wait "$hub_pid" || fail "the hub did not exit cleanly on SIGTERM (status $?)"
    hub_pid=
}

step "the hub as its system unit runs it, and a client"
start_hub
echo "hub at $url (pid $hub_pid, user $(ps -o user= -p "$hub_pid"))"
token=$(setpriv --reuid=tandem-hub --regid=tandem-hub --init-groups \
    /usr/bin/tandem-hub token create --user ci --name "Package test" --data "$state")
"$probe" "$url" "$token" create "Kept across uninstall"
stop_hub
[ -s "$state/hub.sqlite" ] || fail "no database in $state"
[ "$(stat -c %U "$state/hub.sqlite")" = tandem-hub ] || fail "the database is not the hub user's"

step "the per-user unit's command line"
user_exec=$(sed -n 's/^ExecStart=//p' /usr/lib/systemd/user/tandem-hub.service)
mkdir "$work/home"
: >"$work/user.out"
# shellcheck disable=SC2086
HOME="$work/home" XDG_DATA_HOME='' ${user_exec/127.0.0.1:8787/127.0.0.1:0} >"$work/user.out" 2>&1 &
user_pid=$!
for _ in $(seq 100); do grep -q "listening on ws://" "$work/user.out" && break; sleep 0.1; done
grep -q "listening on ws://" "$work/user.out" || { cat "$work/user.out"; fail "the user unit's hub did not start"; }
kill -TERM "$user_pid"
wait "$user_pid" || fail "the user unit's hub did not stop cleanly"
[ -s "$work/home/.local/share/tandem-hub/hub.sqlite" ] || fail "the user hub kept no data in ~/.local/share/tandem-hub"
echo "ran with its data in ~/.local/share/tandem-hub"

step "uninstall keeps the notes"
apt-get remove -y -qq tandem >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt could not remove tandem"; }
if [ -e /usr/bin/tandem ] || [ -e /usr/bin/tandem-hub ]; then fail "the programs are still installed"; fi
[ ! -e "$unit" ] || fail "the unit file is still installed"
[ -s "$state/hub.sqlite" ] || fail "removing the package removed the hub's notes"
[ -s "$work/home/.local/share/tandem-hub/hub.sqlite" ] || fail "removing the package touched a user's notes"
[ -s "$work/profile/data/this-computer/hub/hub.sqlite" ] || fail "removing the package touched the app's notes"
echo "programs gone; $state/hub.sqlite and the user's notes still there"
apt-get install -y -qq "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "reinstall failed"; }
start_hub
"$probe" "$url" "$token" expect "Kept across uninstall"
stop_hub
echo "reinstalled: the note written before the uninstall is served again"

printf '\npackage-test: passed\n'
