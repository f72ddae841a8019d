#!/usr/bin/env bash
# What the tests need beyond Node and npm: redis-server and redis-cli (the run starts a Redis Cluster of
# its own, and servers of its own for outage tests, even when REDIS_URL names a Redis; Debian's
# redis-server package brings redis-cli with redis-tools), Debian's chromium at /usr/bin/chromium (the
# playground and CORS suites drive it), and curl (the README's walkthrough runs as written). Installed
# with apt-get when running as root; otherwise one line names the packages to install, and the tests do not start.
set -euo pipefail
need=()
if ! command -v redis-server >/dev/null 2>&1; then need+=(redis-server); fi
if ! command -v redis-cli >/dev/null 2>&1; then need+=(redis-tools); fi
if [ ! -x /usr/bin/chromium ]; then need+=(chromium); fi
if ! command -v curl >/dev/null 2>&1; then need+=(curl); fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "prereqs: installing ${need[*]} with apt-get"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
echo "prereqs: the tests need the Debian package(s) ${need[*]}: install them (sudo apt-get install ${need[*]}) and run npm test again" >&2
exit 1
