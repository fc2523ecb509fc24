#!/bin/sh
# Container entrypoint: with arguments, run them (e.g. the migration job, the dev token issuer);
# without, start the app named by SERVICE as PID 1 so it receives SIGTERM and drains.
set -eu
if [ "$#" -gt 0 ]; then
  exec "$@"
fi
: "${SERVICE:?SERVICE must name an app: identification-service, relocation-service, industry-service, medical-aid-service, notice-service or orchestrator}"
main="dist/apps/${SERVICE}/src/main.js"
if [ ! -f "$main" ]; then
  echo "entrypoint: unknown SERVICE=${SERVICE}; known: $(ls dist/apps | tr '\n' ' ')" >&2
  exit 64
fi
exec node --enable-source-maps "$main"
