#!/usr/bin/env bash
# Install the Debian packages the c and neon targets need: the aarch64 cross compiler, QEMU
# user mode (qemu-aarch64 runs the cross-built binaries), clang and lld (the second compiler;
# lld links clang's aarch64 binaries), make. Idempotent: does nothing when `dpkg -s` shows
# every package installed. Without root (and without sudo) it says what to run and returns 0,
# so the Python-only parts of xopt still install; tests needing a toolchain then skip.
set -euo pipefail
packages=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user clang lld make gcc)

missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    echo "setup: not root, skipping apt-get; the C targets need: apt-get install ${missing[*]}" >&2
    exit 0
fi

echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get -qq -o DPkg::Lock::Timeout=600 update
"${sudo[@]}" apt-get -qq -o DPkg::Lock::Timeout=600 install -y --no-install-recommends \
    "${missing[@]}" >/dev/null
