#!/bin/sh
# Container entrypoint. `serve` (the default) starts the server, which applies pending migrations
# under an advisory lock before it listens, so several instances may start at once. Anything else
# runs the CLI: `docker compose run --rm switchboard-1 agents list`, `... check`.
set -eu

if [ "${1:-serve}" != serve ]; then
  exec node dist/cli/main.js "$@"
fi

# The image has no embedded PostgreSQL and no local Twilio stand-in: say what is missing.
missing=''
[ -n "${DATABASE_URL:-}" ] || missing="$missing
  DATABASE_URL: required in the container (postgres://user:password@host:5432/database); the image has no embedded PostgreSQL"
[ -n "${TWILIO_AUTH_TOKEN:-}" ] || missing="$missing
  TWILIO_AUTH_TOKEN: required in the container (your Twilio auth token); every instance checks webhook signatures with it"
if [ -n "$missing" ]; then
  echo "Invalid configuration:$missing" >&2
  exit 78 # EX_CONFIG: an orchestrator's logs show the message instead of a restart loop of stack traces
fi
exec node dist/main.js
