#!/usr/bin/env bash
# Fly's "External Connections" page, step by step, as a person (or a naive script) would run it.
# The baseline the benchmark compares the action with. Needs: APP, DATABASE_URL_EXTERNAL, FLY_API_TOKEN, fly on PATH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# 1. Allocate a dedicated IPv4 (the page: "fly ips allocate-v4").
fly ips list -a "$APP"
fly ips allocate-v4 -a "$APP" --yes

# 2. Save the config and add the pg_tls service on 5432.
fly config save -a "$APP" --yes
cat >> fly.toml <<'TOML'

[[services]]
  protocol = "tcp"
  internal_port = 5432

  [[services.ports]]
    port = 5432
    handlers = ["pg_tls"]

  [services.concurrency]
    type = "connections"
    hard_limit = 1000
    soft_limit = 1000
TOML

# 3. Find the Postgres major the machines run, and deploy that image.
major=$(fly image show -a "$APP" --json | node -e '
  let s = ""; process.stdin.on("data", d => (s += d)).on("end", () => {
    const [m] = JSON.parse(s); console.log((m.Tag.match(/^\d+/) || [JSON.parse(m.Labels)["fly.pg-version"].split(".")[0]])[0]) })')
fly deploy . -a "$APP" --image "flyio/postgres-flex:$major" --remote-only

# 4. Check the services, then connect.
fly services list -a "$APP"
node "$here/connect.mjs" "$DATABASE_URL_EXTERNAL"
