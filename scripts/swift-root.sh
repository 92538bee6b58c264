#!/usr/bin/env bash
# The Swift toolchain for the swift suite: Debian trixie's swiftlang (6.0.3) in a trixie root made
# with debootstrap under the tools folder (bookworm's libc is too old for it). Idempotent: made
# once per machine (about a minute on a Debian mirror), then reused; a half-made root is
# started again, never used.
#   scripts/swift-root.sh            make it if missing; print its path
#   scripts/swift-root.sh run CMD…   run CMD in it as root, with /proc and /dev mounted for the
#                                    call and unmounted afterwards, whatever CMD does
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROOT=$TOOLS/swift-trixie
MIRROR=${CROSSPAY_DEBIAN_MIRROR:-$(awk '/^URIs:/ { print $2; exit } /^deb / { print $2; exit }' /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list 2>/dev/null || true)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

[ "$(id -u)" = 0 ] || die "the Swift root needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null || die "debootstrap is missing: run scripts/setup.sh"

mounted=()
unmount_all() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -R "${mounted[$i]}" 2>/dev/null || umount -R -l "${mounted[$i]}" 2>/dev/null || true; done
  mounted=()
}
trap unmount_all EXIT INT TERM

# Runs a command inside root $1 with /proc and /dev mounted for its duration.
in_root() {
  local root=$1
  shift
  mountpoint -q "$root/proc" || { mount -t proc proc "$root/proc" && mounted+=("$root/proc"); }
  # /dev with its submounts (pts for apt), made a slave so unmounting it never reaches the host's
  mountpoint -q "$root/dev" || { mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev" && mounted+=("$root/dev"); }
  local status=0
  chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 "$@" || status=$?
  unmount_all
  return $status
}

# (usr/bin/swift is an absolute link, which resolves only inside the root)
if [ ! -x "$ROOT/usr/libexec/swift/bin/swift" ] || [ ! -f "$ROOT/.crosspay-ready" ]; then
  partial=$ROOT.partial
  rm -rf "$partial"
  say "debootstrap trixie into ${partial#$HOME/} (once per machine)"
  debootstrap --variant=minbase trixie "$partial" "$MIRROR" >"$TOOLS/swift-debootstrap.log" 2>&1 \
    || die "debootstrap failed: see $TOOLS/swift-debootstrap.log"
  say "apt-get install swiftlang libc6-dev in the trixie root"
  in_root "$partial" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends swiftlang libc6-dev >/dev/null' \
    || die "installing swiftlang in the trixie root failed"
  in_root "$partial" swift --version >/dev/null || die "swift does not run in the trixie root"
  touch "$partial/.crosspay-ready"
  rm -rf "$ROOT"
  mv "$partial" "$ROOT"
fi

if [ "${1:-}" = run ]; then
  shift
  in_root "$ROOT" "$@"
else
  echo "$ROOT"
fi
