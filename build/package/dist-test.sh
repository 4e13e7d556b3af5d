#!/usr/bin/env bash
# Checks what `make dist` put in dist/: Debian's linters on the .deb, desktop
# entry and AppStream data, the Windows files' PE headers and resources, the
# checksums, and a real install of the .deb that launches Parley under Xvfb,
# screenshots it, removes the package and checks the learner's data survived.
# Needs root (or sudo) for apt-get. SCREENSHOT=path keeps the screenshot.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
PKG_VERSION=$(bash build/package/dist.sh version "$VERSION")
APP_ID=${APP_ID:-io.github.parley.Parley}
DIST=$PWD/dist
arch=$(dpkg --print-architecture)
sudo=(); [ "$(id -u)" = 0 ] || sudo=(sudo)
work=$(mktemp -d)
pids=()
installed=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # A failed run must not leave Parley installed on the machine.
  if [ -n "$installed" ]; then "${sudo[@]}" apt-get remove -y -qq parley >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { echo "dist-test: $*" >&2; exit 1; }

step "package versions from git describe"
# dpkg and rpm must order these as the tags do, and Windows takes X.Y.Z only.
while read -r describe want_pkg want_win; do
  got=$(bash build/package/dist.sh version "$describe")
  [ "$got" = "$want_pkg" ] || fail "package version of $describe is $got, want $want_pkg"
  got=$(bash build/package/dist.sh winversion "$describe")
  [ "$got" = "$want_win" ] || fail "Windows version of $describe is $got, want $want_win"
done <<'TABLE'
v1.2.0 1.2.0 1.2.0
v1.2.0-rc.1 1.2.0~rc.1 1.2.0
v1.2.0-3-gabc1234 1.2.0+3.gabc1234 1.2.0
v1.2.0-3-gabc1234-dirty 1.2.0+3.gabc1234.dirty 1.2.0
v1.2.0-dirty 1.2.0+dirty 1.2.0
abc1234 0.0.0+gabc1234 0.0.0
abc1234-dirty 0.0.0+gabc1234.dirty 0.0.0
TABLE
for pair in "0.0.0+gabc1234 1.2.0~rc.1" "1.2.0~rc.1 1.2.0" "1.2.0 1.2.0+3.gabc1234"; do
  read -r older newer <<<"$pair"
  dpkg --compare-versions "$older" lt "$newer" || fail "dpkg does not order $older before $newer"
done
echo ok

step "checksums"
(cd "$DIST" && sha256sum --quiet -c SHA256SUMS)
listed=$(wc -l <"$DIST/SHA256SUMS")
present=$(find "$DIST" -maxdepth 1 -type f ! -name SHA256SUMS | wc -l)
[ "$listed" = "$present" ] || fail "SHA256SUMS lists $listed files, dist/ holds $present"

step "lintian"
for deb in "$DIST"/parley_"$PKG_VERSION"_*.deb; do
  basename "$deb"
  rc=0
  out=$(lintian --fail-on error,warning --pedantic "$deb" 2>&1) || rc=$?
  # Lintian's own note about running as root is not about the package.
  grep -v 'running with root privileges' <<<"$out" || true
  [ "$rc" = 0 ] || fail "lintian found errors or warnings in $deb"
done

step "desktop entry and AppStream metainfo (from the .deb)"
deb=$DIST/parley_${PKG_VERSION}_${arch}.deb
[ -f "$deb" ] || fail "no $deb"
dpkg-deb -x "$deb" "$work/root"
desktop-file-validate "$work/root/usr/share/applications/$APP_ID.desktop"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/$APP_ID.metainfo.xml"
for n in 16 24 32 48 64 128 256 512; do
  [ -s "$work/root/usr/share/icons/hicolor/${n}x$n/apps/$APP_ID.png" ] || fail "no ${n}x$n icon in the .deb"
done

step "rpm contents and requirements"
for rpmf in "$DIST"/parley-"$PKG_VERSION"-1*.rpm; do
  rpm -qp --qf '%{NAME} %{VERSION}-%{RELEASE} %{ARCH}\n' "$rpmf" 2>/dev/null
  rpm -qpl "$rpmf" 2>/dev/null >"$work/list"
  for f in /usr/bin/parley "/usr/share/applications/$APP_ID.desktop" "/usr/share/metainfo/$APP_ID.metainfo.xml" \
           "/usr/share/icons/hicolor/256x256/apps/$APP_ID.png"; do
    grep -qxF "$f" "$work/list" || fail "$(basename "$rpmf") lacks $f"
  done
  rpm -qpR "$rpmf" 2>/dev/null >"$work/list"
  grep -q '^webkit2gtk4\.[01]' "$work/list" || fail "$(basename "$rpmf") does not require WebKitGTK"
  grep -qx 'gstreamer1-plugins-good' "$work/list" || fail "$(basename "$rpmf") does not require the GStreamer plugins"
done

step "tarballs and the portable zip"
for tgz in "$DIST"/parley-"$PKG_VERSION"-linux-*.tar.gz; do
  tar -tzf "$tgz" >"$work/list"
  for f in bin/parley share/applications/$APP_ID.desktop share/metainfo/$APP_ID.metainfo.xml; do
    grep -qx "[^/]*/$f" "$work/list" || fail "$(basename "$tgz") lacks $f"
  done
done
zip=$DIST/Parley-$PKG_VERSION-windows-amd64-portable.zip
unzip -q -d "$work/win" "$zip" Parley.exe

step "Windows PE headers and resources"
PARLEY_WINDOWS_EXE=$work/win/Parley.exe \
PARLEY_WINDOWS_SETUP=$DIST/Parley-$PKG_VERSION-windows-amd64-setup.exe \
PARLEY_WINDOWS_VERSION=$(bash build/package/dist.sh winversion "$VERSION") \
PARLEY_VERSION=$VERSION \
  go test -count=1 -v -run 'Windows' ./build/package/winpe/ | grep -E '^(---|ok|FAIL|\s)' 

# Xvfb and a session bus, shared by the launches below.
exec 3>"$work/xvfb.display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
pids+=($!)
exec 3>&-
for _ in $(seq 50); do [ -s "$work/xvfb.display" ] && break; sleep 0.1; done
DISPLAY=:$(tr -d '\n' <"$work/xvfb.display")
dbus-daemon --session --fork --print-address=1 --print-pid=1 >"$work/bus" 2>/dev/null
pids+=("$(sed -n 2p "$work/bus")")

# install_and_launch installs one .deb, opens /usr/bin/parley on the X
# display, checks its window shows the UI, then removes the package and checks
# the learner's data is still there.
install_and_launch() {
  local deb=$1 shot=$2 data got win class app coloured=0
  step "install $(basename "$deb"), launch Parley from /usr/bin under Xvfb, remove it"
  installed=yes
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$deb" >/dev/null
  [ -x /usr/bin/parley ] || fail "the .deb did not install /usr/bin/parley"
  got=$(env -u DISPLAY -u WAYLAND_DISPLAY /usr/bin/parley --version)
  [ "$got" = "Parley $VERSION" ] || fail "installed parley --version says '$got', want 'Parley $VERSION'"
  echo "$got"

  data=$(mktemp -d "$work/data.XXXX")
  # WebKitGTK under Xvfb as root, without a GPU: as the e2e suite runs it.
  DISPLAY=$DISPLAY DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$work/bus") \
  GDK_BACKEND=x11 WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 \
  LIBGL_ALWAYS_SOFTWARE=1 NO_AT_BRIDGE=1 \
    /usr/bin/parley --data-dir "$data" >"$work/parley.log" 2>&1 &
  app=$!
  pids+=("$app")

  win=
  for _ in $(seq 120); do
    kill -0 "$app" 2>/dev/null || { cat "$work/parley.log"; fail "parley exited early"; }
    win=$(DISPLAY=$DISPLAY xdotool search --name '^Parley$' 2>/dev/null | head -n1 || true)
    [ -n "$win" ] && break
    sleep 0.25
  done
  [ -n "$win" ] || fail "no window named Parley appeared within 30 s"
  # The desktop entry's StartupWMClass must match, or docks show a generic icon.
  class=$(DISPLAY=$DISPLAY xprop -id "$win" WM_CLASS)
  [[ $class == *'"Parley"'* ]] || fail "window class is not Parley: $class"

  # Parley shows a grey "Starting Parley…" splash until the UI has asked the Go
  # side who is logged in; the log-in screen that follows has a coloured button
  # and labels. Wait for those: at least 0.3 % of pixels strongly saturated.
  for _ in $(seq 60); do
    sleep 0.5
    DISPLAY=$DISPLAY import -window root "$shot"
    coloured=$(/usr/bin/convert "$shot" -colorspace HSL -channel G -separate +channel -threshold 50% -format '%[fx:mean]' info:)
    awk -v f="$coloured" 'BEGIN { exit !(f > 0.003) }' && break
  done
  awk -v f="$coloured" 'BEGIN { exit !(f > 0.003) }' ||
    fail "Parley's window never got past blank or its splash (saturated share $coloured)"
  echo "window $win shows the UI (saturated share $coloured)"

  [ -f "$data/parley.db" ] || fail "Parley did not create its data file in $data"
  kill "$app"; wait "$app" 2>/dev/null || true
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get remove -y -qq parley >/dev/null
  installed=
  [ ! -e /usr/bin/parley ] || fail "apt-get remove left /usr/bin/parley"
  [ -s "$data/parley.db" ] || fail "removing the package removed the learner's data"
  echo "removed; $data/parley.db kept"
}

# Each variant whose WebKitGTK this system has (Debian 12 has both).
has() { [ -n "$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"')" ]; }
launched=0
if has libwebkit2gtk-4.0-37; then
  install_and_launch "$DIST/parley_${PKG_VERSION}_${arch}.deb" "$work/parley-deb.png"
  launched=$((launched + 1))
  if [ -n "${SCREENSHOT:-}" ]; then cp "$work/parley-deb.png" "$SCREENSHOT"; echo "saved $SCREENSHOT"; fi
fi
if has libwebkit2gtk-4.1-0 && [ -f "$DIST/parley_${PKG_VERSION}_${arch}_webkit2_41.deb" ]; then
  install_and_launch "$DIST/parley_${PKG_VERSION}_${arch}_webkit2_41.deb" "$work/parley-deb-41.png"
  launched=$((launched + 1))
  if [ -n "${SCREENSHOT:-}" ]; then
    cp "$work/parley-deb-41.png" "${SCREENSHOT%.png}-webkit2_41.png"; echo "saved ${SCREENSHOT%.png}-webkit2_41.png"
  fi
fi
[ "$launched" -gt 0 ] || fail "this system has neither WebKitGTK 4.0 nor 4.1 to install Parley against"

printf '\ndist-test: all checks passed\n'
