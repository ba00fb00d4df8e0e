#!/usr/bin/env bash
# Load benchmark of `procedure serve` on loopback (a measurement, not a test): the JSON
# evaluate endpoint for lost_card (target: >= 5,000 requests/s, p99 <= 10 ms) and the HTML
# result page of the same situation (target: >= 2,000 requests/s), with wrk from Debian's
# packages (`apt-get install -y wrk`). The server and wrk share the machine: on 2 cores the
# figures are those of both together. DURATION (default 10s), CONNECTIONS (default 32) and
# PORT (default 18099) may be set.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "bench-serve: needs wrk (apt-get install -y wrk)" >&2; exit 2; }
duration=${DURATION:-10s}
connections=${CONNECTIONS:-32}
port=${PORT:-18099}
base="http://127.0.0.1:$port"

cargo build --release -q --bin procedure
./target/release/procedure serve procedures/ --addr "127.0.0.1:$port" 2>/dev/null &
server=$!
scratch=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; rm -rf "$scratch"' EXIT
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$base/api/v1/procedures" 2>/dev/null && break
  sleep 0.1
done

# A stolen card, not found, applied for by its holder: a complete answer.
facts='{"holder":"mid_long_term_resident","cause":"stolen","card_found":"not_found","learned_abroad":false,"learned_on":"2026-12-01","police_report_filed":true,"applicant":"self","age":34,"passport_presentable":true,"has_activity_permission":false}'
cat > "$scratch/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$facts'
LUA
result=$(curl -fsS -X POST -H 'Content-Type: application/json' -d "$facts" "$base/api/v1/procedures/lost_card/evaluate?lang=vi")
echo "${result:0:100}…"

page="$base/p/lost_card?lang=vi&a.holder=mid_long_term_resident&a.cause=stolen&a.card_found=not_found&a.learned_abroad=false&a.learned_on=2026-12-01&a.police_report_filed=true&a.applicant=self&a.age=34&a.passport_presentable=true&a.has_activity_permission=false"
curl -fsS "$page" | grep -q 'class="checklist"' || { echo "bench-serve: the page is not the result" >&2; exit 1; }

echo "== JSON evaluate (POST /api/v1/procedures/lost_card/evaluate?lang=vi)"
wrk -t2 -c"$connections" -d"$duration" --latency -s "$scratch/post.lua" "$base/api/v1/procedures/lost_card/evaluate?lang=vi"
echo "== HTML result page (GET /p/lost_card?…)"
wrk -t2 -c"$connections" -d"$duration" --latency "$page"
