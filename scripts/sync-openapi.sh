#!/usr/bin/env bash
# Starts the service on its embedded default, saves its OpenAPI document to frontend/openapi.json
# and regenerates the frontend's types from it. CI runs it and fails when the result differs from git.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
port="${OPENAPI_PORT:-3999}"
DATA_DIR="$work/data" PORT="$port" LOG_LEVEL=warn DATABASE_URL='' REDIS_URL='' WEB_CONCURRENCY=1 setsid npm start >"$work/server.log" 2>&1 &
server=$!
trap 'kill -TERM -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 1; done
if ! curl -sf "http://127.0.0.1:$port/openapi.json" -o "$work/openapi.json"; then
  cat "$work/server.log"
  exit 1
fi
node -e 'const fs = require("node:fs"); fs.writeFileSync(process.argv[2], JSON.stringify(JSON.parse(fs.readFileSync(process.argv[1], "utf8")), null, 2) + "\n")' "$work/openapi.json" frontend/openapi.json
npm run --silent generate -w frontend
echo "frontend/openapi.json and frontend/src/api/schema.d.ts regenerated from the running service"
