#!/usr/bin/env bash
# A bounded mixed load against `make serve` on loopback: 64 connections for 30 s over the
# home page, lists, details, searches and a static file (bench/load_mix.lua). Prints
# requests per second, p50/p99 latency, socket errors and non-2xx responses, and fails if
# there were any errors. Needs wrk (apt-get install wrk).
#
#   bench/load.sh                 # or: make bench-load
#   CONNECTIONS=64 DURATION=30s PORT=8099 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8099}"
CONNECTIONS="${CONNECTIONS:-64}"
DURATION="${DURATION:-30s}"
THREADS="${THREADS:-2}"
command -v wrk >/dev/null || { echo "bench/load.sh needs wrk: apt-get install wrk" >&2; exit 2; }

# Production settings over plain HTTP on loopback: no TLS here, so no HTTPS redirect.
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export DJANGO_ALLOWED_HOSTS="127.0.0.1"
export DJANGO_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0
DJANGO_ENV=production .venv/bin/python manage.py migrate --no-input --verbosity 0
DJANGO_ENV=production .venv/bin/python manage.py load_lmc_content >/dev/null

log="$(mktemp)"
setsid make serve PORT="$PORT" >"$log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { cat "$log"; echo "make serve did not start" >&2; exit 1; }
# Every page of the mix must answer 200 before the load starts.
for path in $(grep -o '"/[^"]*"' bench/load_mix.lua | tr -d '"'); do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path")
  [ "$status" = 200 ] || { echo "$path answers $status, not 200" >&2; exit 1; }
done

echo "wrk: $CONNECTIONS connections, $THREADS threads, $DURATION, against make serve on 127.0.0.1:$PORT"
result="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s bench/load_mix.lua "http://127.0.0.1:$PORT")"
echo "$result" | sed -n '/--- load result ---/,$p'
echo "$result" | grep -q "^socket errors: 0 " && echo "$result" | grep -q "^non-2xx responses: 0$"
