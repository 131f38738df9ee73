#!/usr/bin/env bash
# Rebuilds public/catalog/debian-6.1.json, the real-kernel catalogue, from Debian's packages.
# This script is the only way to make that file; the committed JSON is its output.
#
#   scripts/catalog/build-debian-6.1.sh
#
# 1. `apt-get download`s linux-image-6.1.0-56-amd64-unsigned and linux-headers-6.1.0-56-amd64
#    (version 6.1.192-2, bookworm-security) into $KMP_DEBIAN_DIR/debs (default
#    /tmp/kmp-debian-6.1), unless they are already there. Module.symvers is in the arch headers
#    package, so linux-headers-6.1.0-56-common is not needed. Needs `apt-get update` once.
# 2. `dpkg -x`es them into $KMP_DEBIAN_DIR/root (a fresh copy each run).
# 3. Runs scripts/catalog/extract.mjs, which reads the ELF files, Module.symvers and the
#    modules.* files itself and checks every module against the real modinfo and nm
#    (--verify; needs `apt-get install kmod` and binutils; KMP_NO_VERIFY=1 skips it).
#
# Idempotent: running it again gives the same bytes. Environment:
#   KMP_DEBIAN_DIR      scratch folder (default /tmp/kmp-debian-6.1)
#   KMP_DEBIAN_VERSION  package version to download (default 6.1.192-2)
#   KMP_NO_VERIFY=1     skip the modinfo/nm cross-check
set -euo pipefail

ABI=6.1.0-56-amd64
VERSION=${KMP_DEBIAN_VERSION:-6.1.192-2}
WORK=${KMP_DEBIAN_DIR:-/tmp/kmp-debian-6.1}
PACKAGES=("linux-image-$ABI-unsigned" "linux-headers-$ABI")
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="$REPO/public/catalog/debian-6.1.json"

mkdir -p "$WORK/debs"
for pkg in "${PACKAGES[@]}"; do
  deb=$(ls "$WORK/debs/${pkg}_${VERSION}_"*.deb 2>/dev/null || true)
  if [ -z "$deb" ]; then
    echo "downloading $pkg=$VERSION" >&2
    (cd "$WORK/debs" && apt-get download -q "$pkg=$VERSION") || {
      echo "apt-get download $pkg=$VERSION failed; run apt-get update first" >&2
      exit 1
    }
  fi
done

rm -rf "$WORK/root"
mkdir -p "$WORK/root"
for pkg in "${PACKAGES[@]}"; do
  deb=$(ls "$WORK/debs/${pkg}_${VERSION}_"*.deb)
  sha256sum "$deb" | sed "s|$WORK/debs/||" >&2
  dpkg -x "$deb" "$WORK/root"
done

image=$(ls "$WORK/debs/${PACKAGES[0]}_${VERSION}_"*.deb)
package="$(dpkg-deb -f "$image" Package) $(dpkg-deb -f "$image" Version)"

verify=(--verify)
if [ "${KMP_NO_VERIFY:-}" = 1 ]; then
  verify=()
elif ! command -v modinfo >/dev/null || ! command -v nm >/dev/null; then
  echo "modinfo or nm missing: apt-get install kmod binutils (or KMP_NO_VERIFY=1)" >&2
  exit 1
fi

node "$REPO/scripts/catalog/extract.mjs" --root "$WORK/root" --package "$package" --out "$OUT" "${verify[@]}"
echo "$(wc -c <"$OUT") bytes, $(gzip -9 -c "$OUT" | wc -c) gzipped: $OUT" >&2
