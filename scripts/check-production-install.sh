#!/bin/sh
# Packs Switchboard as `npm pack` would publish it, installs that tarball with --omit=dev (no
# TypeScript, no test tools) in an empty folder and starts it: the production install must run the
# dist/ it was packed with. Uses npm's cache (--prefer-offline); needs a database:
#   DATABASE_URL=postgres://… PORT=3107 sh scripts/check-production-install.sh
set -eu
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database the check may migrate}"
PORT="${PORT:-3107}"
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server=
cleanup() { [ -z "$server" ] || kill -- "-$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

echo "… npm pack (its prepack builds dist/)"
(cd "$root" && npm pack --silent --pack-destination "$work") > "$work/pack.txt"
tarball="$work/$(tail -n 1 "$work/pack.txt")"
echo "… npm install --omit=dev $(basename "$tarball") in an empty folder"
mkdir "$work/app"
(cd "$work/app" && npm init -y > /dev/null && npm install --omit=dev --prefer-offline --no-audit --no-fund "$tarball")
app="$work/app/node_modules/switchboard"
[ ! -e "$work/app/node_modules/typescript" ] || { echo "FAIL: TypeScript was installed"; exit 1; }
echo "… npm start in the installed package"
# In its own process group, so the cleanup stops npm and the server it started.
PORT="$PORT" DATABASE_URL="$DATABASE_URL" TWILIO_AUTH_TOKEN=check-production-install \
  setsid sh -c 'cd "$1" && exec npm start' start "$app" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$PORT/health" > "$work/health.txt" 2>/dev/null; then
    echo "OK: the installed package answers /health: $(cat "$work/health.txt")"
    grep -q "tsc\|error TS" "$work/server.log" && { echo "FAIL: npm start compiled"; cat "$work/server.log"; exit 1; }
    exit 0
  fi
  kill -0 "$server" 2>/dev/null || break
  sleep 1
done
echo "FAIL: the installed package did not start"; cat "$work/server.log"; exit 1
