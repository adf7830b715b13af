#!/usr/bin/env bash
# Runs a command with a throwaway redis-server on 127.0.0.1 and REDIS_URL pointing at it:
#   bash scripts/with-redis.sh npm test
# Installs redis-server (Debian package) when it is missing. The server keeps nothing on disk
# and is always stopped on exit, whatever the command does. Exits with the command's status.
set -euo pipefail

if ! command -v redis-server >/dev/null 2>&1; then
  echo "with-redis: redis-server not found, installing the Debian package" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server
fi
# The Debian package starts a system service on 6379; this script never uses it.

workdir="$(mktemp -d "${TMPDIR:-/tmp}/with-redis.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Answers PING on the port? (bash's /dev/tcp: no redis-cli needed)
pong() {
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'PING\r\n' >&3
  IFS= read -r -t 1 reply <&3 || true
  exec 3<&- 3>&-
  [ "${reply%$'\r'}" = "+PONG" ]
}

# Another process may take the free port before redis-server binds it: try a few ports.
for attempt in 1 2 3 4 5; do
  port="$(free_port)"
  redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes \
    --save "" --appendonly no --dir "$workdir" --daemonize no \
    --logfile "$workdir/redis.log" &
  pid=$!
  for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    if pong "$port" 2>/dev/null; then break 2; fi
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  echo "with-redis: redis-server did not start on port $port (attempt $attempt)" >&2
  tail -n 5 "$workdir/redis.log" >&2 2>/dev/null || true
done
if [ -z "$pid" ]; then
  echo "with-redis: could not start redis-server" >&2
  exit 1
fi

export REDIS_URL="redis://127.0.0.1:$port"
echo "with-redis: redis-server $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on $REDIS_URL (pid $pid)" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
