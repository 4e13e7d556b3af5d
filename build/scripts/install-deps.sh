#!/usr/bin/env bash
# Installs the system packages Parley needs, only when some are missing.
#   install-deps.sh run   – what building and running the desktop app needs
#   install-deps.sh test  – that plus what the test suites need (Xvfb, Chromium, WebKitWebDriver
#                           with the 4.1 MiniBrowser it drives, CJK/emoji fonts)
#   install-deps.sh dist  – that plus what make dist and dist-test need (both WebKitGTK
#                           variants, NSIS, Debian's package linters, Xvfb for the install test)
# On Debian/Ubuntu it uses apt-get (through sudo when not root); elsewhere it
# prints what to install and stops, so nobody is left guessing.
set -euo pipefail

what=${1:-run}
# WebKitGTK plays audio (Listen) through GStreamer: -base has the playback pipeline and
# audio sinks, -good the MP3 decoder (mpg123) that speech servers' MP3 needs. Under test,
# with no sound device, autoaudiosink falls back to a fake sink that keeps time.
run_pkgs=(build-essential pkg-config libgtk-3-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good)
# webkit2gtk-driver + libwebkit2gtk-4.1-0 (its MiniBrowser): the e2e tests in the app's engine.
test_pkgs=(xvfb xauth dbus-daemon chromium webkit2gtk-driver libwebkit2gtk-4.1-0 fonts-noto-cjk fonts-noto-color-emoji imagemagick x11-utils
            pulseaudio pulseaudio-utils espeak-ng)
dist_pkgs=(nsis zip unzip binutils lintian desktop-file-utils appstream xvfb dbus-daemon imagemagick
           x11-utils xdotool shellcheck rpm gstreamer1.0-plugins-base gstreamer1.0-plugins-good)

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  cat >&2 <<MSG
Parley's Makefile installs system packages on Debian and Ubuntu only.
On this system, install by hand:
  - Go 1.26 or newer, Node.js 20 or newer with npm, a C compiler, pkg-config
  - GTK 3 and WebKitGTK development files (webkit2gtk-4.0 or webkit2gtk-4.1)
  - GStreamer plugins base and good (WebKitGTK's audio: Listen)
  - for 'make test': Xvfb, xauth, Chromium, WebKitWebDriver and MiniBrowser (WebKitGTK), ImageMagick, xwininfo, xdpyinfo and xmessage (x11-utils),
    Noto CJK and Noto Color Emoji fonts, PulseAudio with its tools and espeak-ng (the push-to-talk test)
(see https://wails.io/docs/gettingstarted/installation for Windows and macOS)
MSG
  exit 1
fi

sudo=()
if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi

# Go and Node.js are not taken from apt: Debian's are too old for Wails 2.11 and Vite 7.
need_version() { # name have want where
  if [ "$(printf '%s\n%s\n' "$3" "$2" | sort -V | head -n1)" != "$3" ]; then
    echo "Parley needs $1 $3 or newer; this machine has ${2:-none}. Install it from $4 and run make again." >&2
    exit 1
  fi
}
need_version Go "$(go env GOVERSION 2>/dev/null | sed 's/^go//')" 1.26 https://go.dev/dl
need_version Node.js "$(node --version 2>/dev/null | sed 's/^v//')" 20.19 https://nodejs.org

# Debian 12 ships WebKitGTK 4.0; Ubuntu 24.04 and newer only 4.1 (built with tag webkit2_41).
webkit=libwebkit2gtk-4.0-dev
if ! dpkg-query -W -f='${Status}' "$webkit" 2>/dev/null | grep -q 'ok installed' &&
   ! dpkg-query -W -f='${Status}' libwebkit2gtk-4.1-dev 2>/dev/null | grep -q 'ok installed'; then
  updated=0
  if [ -z "$(apt-cache policy "$webkit" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"')" ]; then
    "${sudo[@]}" apt-get update -qq; updated=1
    if [ -z "$(apt-cache policy "$webkit" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"')" ]; then
      webkit=libwebkit2gtk-4.1-dev
    fi
  fi
fi
if dpkg-query -W -f='${Status}' libwebkit2gtk-4.1-dev 2>/dev/null | grep -q 'ok installed'; then
  webkit=libwebkit2gtk-4.1-dev
fi

pkgs=("${run_pkgs[@]}" "$webkit")
if [ "$what" = test ]; then pkgs+=("${test_pkgs[@]}"); fi
if [ "$what" = dist ]; then
  pkgs+=("${dist_pkgs[@]}")
  # The second Linux variant, for distributions that only ship WebKitGTK 4.1.
  if [ "$webkit" = libwebkit2gtk-4.0-dev ] &&
     [ -n "$(apt-cache policy libwebkit2gtk-4.1-dev 2>/dev/null | awk '/Candidate:/ && $2 != "(none)"')" ]; then
    pkgs+=(libwebkit2gtk-4.1-dev)
  fi
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
# Ubuntu ships chromium as a snap stub; the binary is what the tests need.
if [ "$what" = test ] && command -v chromium >/dev/null 2>&1; then
  missing=("${missing[@]/chromium}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
if [ "${updated:-0}" != 1 ]; then "${sudo[@]}" apt-get update -qq; fi
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
