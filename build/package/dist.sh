#!/usr/bin/env bash
# Builds Parley's release files into dist/. `make dist` runs it; so does the
# release workflow, one platform per runner.
#   dist.sh linux     .deb, .rpm and .tar.gz for this machine's arch, for
#                     WebKitGTK 4.0 and (when its dev files are here) 4.1
#   dist.sh windows   NSIS installer and portable zip (cross-built, no cgo);
#                     signed when WINDOWS_CERT_PFX (a .pfx file) is set
#   dist.sh macos     universal .app in a .dmg, on a Mac only; signed when
#                     MACOS_SIGN_IDENTITY is set, notarised when MACOS_NOTARY_*
#                     are set too
#   dist.sh sums      dist/SHA256SUMS over every file dist/ holds
# The frontend must be built first (make frontend-build).
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
APP_ID=${APP_ID:-io.github.parley.Parley}
DIST=dist
STAGE=$DIST/.stage
export PKG_MAINTAINER=${PKG_MAINTAINER:-"Parley developers <parley@users.noreply.github.com>"}
export PKG_HOMEPAGE=${PKG_HOMEPAGE:-"https://github.com/parley/parley"}
export PKG_LICENSE=${PKG_LICENSE:-"LicenseRef-Proprietary"}

# pkg_version turns `git describe` into a version dpkg and rpm order right:
#   v1.2.0 -> 1.2.0   v1.2.0-rc.1 -> 1.2.0~rc.1   v1.2.0-3-gabc1234 -> 1.2.0+3.gabc1234
#   abc1234 (no tag yet) -> 0.0.0+gabc1234   any of these -dirty -> ….dirty
pkg_version() {
  local v=${1#v} dirty=
  case $v in *-dirty) dirty=.dirty; v=${v%-dirty} ;; esac
  if [[ $v =~ ^(.*)-([0-9]+)-g([0-9a-f]+)$ ]]; then
    v="${BASH_REMATCH[1]}+${BASH_REMATCH[2]}.g${BASH_REMATCH[3]}"
  elif [[ ! $v =~ ^[0-9]+\.[0-9]+ ]]; then
    v="0.0.0+g$v"
  fi
  v=${v/-/\~}   # a pre-release sorts before its release
  if [[ $v == *+* ]]; then echo "$v$dirty"; else echo "$v${dirty:++dirty}"; fi
}

# win_version is the X.Y.Z Windows version resources and NSIS accept.
win_version() {
  local v=${1#v}
  if [[ $v =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]]; then echo "${BASH_REMATCH[0]}"; else echo 0.0.0; fi
}

case ${1:-} in # for dist-test.sh and the workflow
  version) pkg_version "$2"; exit 0 ;;
  winversion) win_version "$2"; exit 0 ;;
esac

PKG_VERSION=$(pkg_version "$VERSION")
# The opt-in update check's address (see the Makefile); empty: not available in this build.
RELEASES_URL=${RELEASES_URL:-}
LDFLAGS="-w -s -X main.version=$VERSION -X main.releasesURL=$RELEASES_URL"

linux() {
  local arch; arch=$(go env GOARCH)
  rm -rf "$STAGE/share"
  mkdir -p "$DIST" "$STAGE/share/applications" "$STAGE/share/metainfo" "$STAGE/share/doc/parley"
  # Shared by both WebKit variants: menu entry, icons, AppStream data, copyright.
  sed "s/@APP_ID@/$APP_ID/g" build/package/parley.desktop >"$STAGE/share/applications/$APP_ID.desktop"
  sed -e "s/@APP_ID@/$APP_ID/g" -e "s/@VERSION@/$PKG_VERSION/" -e "s/@DATE@/$(date -u +%F)/" \
    -e "s/@DEVELOPER_ID@/${APP_ID%.*}/" build/package/metainfo.xml >"$STAGE/share/metainfo/$APP_ID.metainfo.xml"
  install -m 0644 build/package/copyright "$STAGE/share/doc/parley/copyright"
  mkdir -p "$STAGE/share/man/man1"
  gzip -9n <build/package/parley.1 >"$STAGE/share/man/man1/parley.1.gz"
  go run ./build/package/icons -src build/appicon.png -name "$APP_ID" -out "$STAGE/share/icons"
  cat >"$STAGE/changelog.yml" <<YAML
- semver: "$PKG_VERSION-1"
  date: $(date -u +%FT%TZ)
  deb: {urgency: medium, distributions: [stable]}
  packager: "$PKG_MAINTAINER"
  changes:
    - note: "Parley $VERSION; see the release notes"
YAML

  variant 4.0 "" "$arch"
  if pkg-config --exists webkit2gtk-4.1 2>/dev/null; then
    variant 4.1 webkit2_41 "$arch"
  else
    echo "dist: libwebkit2gtk-4.1-dev missing, skipping the WebKitGTK 4.1 packages" >&2
  fi
}

# variant builds one binary and packages it three ways.
variant() {
  local webkit=$1 tag=$2 arch=$3 suffix='' dir
  [ -n "$tag" ] && suffix=_$tag
  if ! pkg-config --exists "webkit2gtk-$webkit"; then
    echo "dist: webkit2gtk-$webkit development files are missing (make deps-dist installs them)" >&2
    return 1
  fi
  dir=$STAGE/webkit$webkit
  mkdir -p "$dir/bin"
  ln -sfn ../share "$dir/share"
  # Debian's hardening flags for the cgo part (GTK/WebKit glue).
  CGO_CPPFLAGS="-D_FORTIFY_SOURCE=2" CGO_CFLAGS="-O2 -g -fstack-protector-strong" \
  CGO_LDFLAGS="-Wl,-z,relro,-z,now" \
    go build -tags "desktop,production${tag:+,$tag}" -trimpath -buildmode=pie \
      -ldflags "$LDFLAGS" -o "$dir/bin/parley" .

  export PKG_ARCH=$arch PKG_VERSION PKG_STAGE=$dir
  export PKG_LIBC_MIN; PKG_LIBC_MIN=$(libc_min "$dir/bin/parley")
  if [ "$webkit" = 4.0 ]; then
    export PKG_DEB_WEBKIT=libwebkit2gtk-4.0-37 PKG_RPM_WEBKIT=webkit2gtk4.0
  else
    export PKG_DEB_WEBKIT=libwebkit2gtk-4.1-0 PKG_RPM_WEBKIT=webkit2gtk4.1
  fi
  # Ubuntu 24.04 renamed GTK's package in the 64-bit time_t transition.
  export PKG_DEB_GTK="libgtk-3-0 | libgtk-3-0t64"
  local cfg=$STAGE/nfpm-$webkit.yaml
  sed "s|^description:|changelog: $STAGE/changelog.yml\ndescription:|" build/package/nfpm.yaml >"$cfg"
  go tool nfpm package -f "$cfg" -p deb -t "$DIST/parley_${PKG_VERSION}_${arch}${suffix}.deb"
  go tool nfpm package -f "$cfg" -p rpm -t "$DIST/parley-${PKG_VERSION}-1${suffix}.$(rpm_arch "$arch").rpm"
  # The same tree as the packages, under one folder: it unpacks into /usr/local
  # with `tar -C /usr/local --strip-components=1 -xzf …`.
  local top=parley-$PKG_VERSION-linux-$arch$suffix
  tar -C "$dir" --transform "s|^\.|$top|" --owner=0 --group=0 --sort=name -h \
    -czf "$DIST/$top.tar.gz" ./bin ./share
}

# libc_min is the newest glibc symbol version the binary needs.
libc_min() {
  objdump -T "$1" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n1
}

rpm_arch() { case $1 in amd64) echo x86_64 ;; arm64) echo aarch64 ;; *) echo "$1" ;; esac; }

# stamp_wails_json sets productVersion in wails.json, which Wails writes into
# the Windows version resources, the installer and macOS's Info.plist, and
# puts back on exit both that file and wails_tools.nsh, which an NSIS build
# regenerates with the version. Call it only in a subshell.
stamp_wails_json() {
  local nsh=build/windows/installer/wails_tools.nsh
  cp wails.json "$STAGE/wails.json.orig"
  cp "$nsh" "$STAGE/wails_tools.nsh.orig"
  trap 'cp "$STAGE/wails.json.orig" wails.json; cp "$STAGE/wails_tools.nsh.orig" '"$nsh" EXIT
  sed -i.bak "s/\"productVersion\": \"[^\"]*\"/\"productVersion\": \"$1\"/" wails.json
  rm -f wails.json.bak
}

# A subshell, so stamp_wails_json's trap runs however it ends.
windows() (
  local winver setup zip
  winver=$(win_version "$VERSION")
  setup=$DIST/Parley-$PKG_VERSION-windows-amd64-setup.exe
  zip=$DIST/Parley-$PKG_VERSION-windows-amd64-portable.zip
  mkdir -p "$DIST"
  stamp_wails_json "$winver"
  go tool wails build -platform windows/amd64 -nsis -skipbindings -s -trimpath \
    -ldflags "-X main.version=$VERSION -X main.releasesURL=$RELEASES_URL"
  cp build/bin/parley.exe "$STAGE/Parley.exe"
  cp build/bin/Parley-amd64-installer.exe "$setup"
  if [ -n "${WINDOWS_CERT_PFX:-}" ]; then
    # Sign the app, rebuild the installer around the signed app (Wails left
    # its NSIS inputs in place), then sign the installer.
    sign_windows "$STAGE/Parley.exe"
    (cd build/windows/installer &&
      makensis -V2 -DARG_WAILS_AMD64_BINARY="$OLDPWD/$STAGE/Parley.exe" -DINFO_PRODUCTVERSION="$winver" project.nsi)
    cp build/bin/Parley-amd64-installer.exe "$setup"
    sign_windows "$setup"
  fi
  rm -f "$zip"
  (cd "$STAGE" && zip -q -X "$OLDPWD/$zip" Parley.exe)
)

sign_windows() {
  osslsigncode sign -pkcs12 "$WINDOWS_CERT_PFX" -pass "${WINDOWS_CERT_PASSWORD:-}" \
    -n Parley -h sha256 -t "${WINDOWS_TIMESTAMP_URL:-http://timestamp.digicert.com}" \
    -in "$1" -out "$1.signed"
  mv "$1.signed" "$1"
}

macos() (
  local ver app dmg
  ver=$(win_version "$VERSION") # CFBundleShortVersionString takes X.Y.Z only
  app=build/bin/Parley.app
  dmg=$DIST/Parley-$PKG_VERSION-macos-universal.dmg
  mkdir -p "$DIST"
  stamp_wails_json "$ver"
  go tool wails build -platform darwin/universal -skipbindings -s -trimpath \
    -ldflags "-X main.version=$VERSION -X main.releasesURL=$RELEASES_URL"
  if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --force --deep --timestamp --options runtime \
      --entitlements build/darwin/entitlements.plist --sign "$MACOS_SIGN_IDENTITY" "$app"
  fi
  # The window a learner sees when opening the .dmg: the app and a link to drag it onto.
  rm -rf "$STAGE/dmg" "$dmg"
  mkdir -p "$STAGE/dmg"
  cp -R "$app" "$STAGE/dmg/"
  ln -s /Applications "$STAGE/dmg/Applications"
  hdiutil create -volname Parley -srcfolder "$STAGE/dmg" -fs HFS+ -format UDZO -ov "$dmg"
  if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
    codesign --timestamp --sign "$MACOS_SIGN_IDENTITY" "$dmg"
    if [ -n "${MACOS_NOTARY_APPLE_ID:-}" ]; then
      xcrun notarytool submit "$dmg" --wait --apple-id "$MACOS_NOTARY_APPLE_ID" \
        --team-id "$MACOS_NOTARY_TEAM_ID" --password "$MACOS_NOTARY_PASSWORD"
      xcrun stapler staple "$dmg"
    fi
  fi
)

sums() {
  local files
  files=$(cd "$DIST" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' | sort)
  (cd "$DIST" && xargs sha256sum <<<"$files" >SHA256SUMS)
  cat "$DIST/SHA256SUMS"
}

mkdir -p "$STAGE"
for step in "${@:-linux}"; do
  case $step in
    linux | windows | macos | sums) "$step" ;;
    *) echo "usage: dist.sh [linux] [windows] [macos] [sums] | version|winversion DESCRIBE" >&2; exit 2 ;;
  esac
done
