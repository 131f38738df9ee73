#!/usr/bin/env bash
# Records what Debian's real kmod 30 prints for the debian-6.1 module tree, as test data for the
# simulated depmod and modprobe: test-data/debian-6.1/ (see its README.md for each file).
# Regenerates all of it; run as root after `apt-get install kmod`.
#
#   scripts/catalog/record-oracle.sh
#
# 1. Unpacks the kernel package with scripts/catalog/build-debian-6.1.sh if
#    $KMP_DEBIAN_DIR/root is missing, then hard-links its lib/ into $KMP_DEBIAN_DIR/oracle-root
#    (ROOT) so depmod writes there, not into the catalogue's copy.
# 2. Runs `depmod -b ROOT RELEASE` and copies the text indexes.
# 3. Re-runs itself in a private mount namespace (unshare -m) with an empty tmpfs on /sys/module
#    and an empty /proc/cmdline, and without CAP_SYS_MODULE, so modprobe sees no loaded or
#    built-in modules and no kernel command-line options of this host, and cannot load
#    anything; there scripts/catalog/record-oracle.mjs runs the modprobe cases.
# 4. Prints timings: depmod (median of 5 runs) and the 300 modprobe --show-depends runs.
#
# Environment: KMP_DEBIAN_DIR (default /tmp/kmp-debian-6.1).
set -euo pipefail

RELEASE=6.1.0-56-amd64
WORK=${KMP_DEBIAN_DIR:-/tmp/kmp-debian-6.1}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="$REPO/test-data/debian-6.1"
ROOT="$WORK/oracle-root"
export KMP_DEBIAN_DIR="$WORK"

if [ "${KMP_ORACLE_ISOLATED:-}" = 1 ]; then
  # Step 3, inside the namespace.
  mount -t tmpfs none /sys/module
  : >"$WORK/empty-cmdline"
  mount --bind "$WORK/empty-cmdline" /proc/cmdline
  exec setpriv --bounding-set -sys_module --inh-caps -sys_module \
    node "$REPO/scripts/catalog/record-oracle.mjs" --root "$ROOT" --release "$RELEASE" --work "$WORK" --out "$OUT"
fi

if [ "$(id -u)" != 0 ]; then echo "run as root (depmod -b, unshare -m)" >&2; exit 1; fi
kmod_version=$(dpkg-query -W -f '${Version}' kmod 2>/dev/null || true)
if [ "$kmod_version" != "30+20221128-1" ]; then
  echo "expected Debian's kmod 30+20221128-1 (apt-get install kmod), found '${kmod_version}'" >&2
  exit 1
fi

[ -d "$WORK/root/lib/modules/$RELEASE" ] || "$REPO/scripts/catalog/build-debian-6.1.sh"

rm -rf "$ROOT"
mkdir -p "$ROOT"
cp -al "$WORK/root/lib" "$ROOT/lib"

depmod -b "$ROOT" "$RELEASE"
mkdir -p "$OUT"
for f in modules.dep modules.alias modules.symbols modules.softdep modules.devname; do
  cp "$ROOT/lib/modules/$RELEASE/$f" "$OUT/$f"
done
# kmod 30 writes modules.builtin.alias only as modules.builtin.alias.bin (no text form).
[ -e "$ROOT/lib/modules/$RELEASE/modules.builtin.alias" ] && cp "$ROOT/lib/modules/$RELEASE/modules.builtin.alias" "$OUT/"

KMP_ORACLE_ISOLATED=1 unshare -m "$0"

# Timings (depmod rewrites the same files each run).
times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  depmod -b "$ROOT" "$RELEASE"
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "timing: depmod -b ROOT $RELEASE: median ${median} ms of ${times[*]} ms"
ls -l "$OUT"
