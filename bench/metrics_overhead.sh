#!/usr/bin/env bash
# Cost of access counting, end to end: the same GET /api/v1/trials query against two rinsho-server
# processes on copies of one registry, one counting (the default) and one with --no-metrics, in
# alternating wrk rounds of one run so that machine noise hits both alike.
#   bench/metrics_overhead.sh [rounds] [seconds]     (default 5 rounds of 10 s each)
#   AA=1 bench/metrics_overhead.sh ...                both servers count: an A/A control that shows
#                                                     how far apart two identical servers measure
# Needs a Release build (scripts/build) and wrk (scripts/setup --bench). Prints a Markdown table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-5}
seconds=${2:-10}
bin=$root/build/bin
work=$root/bench/work/metrics-overhead
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-8}
query='/api/v1/trials?q=%E8%82%BA%E3%81%8C%E3%82%93&status=recruiting'   # q=肺がん&status=recruiting
agent='Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1'

command -v wrk >/dev/null || { echo "metrics_overhead: wrk is missing (scripts/setup --bench)" >&2; exit 2; }
rm -rf "$work" && mkdir -p "$work"
"$bin/rinsho-indexer" --data-dir "$work/on" ingest "$root/sample_trials/records" >/dev/null 2>&1
cp -r "$work/on" "$work/off"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
# --rate-limit 0: one loopback client would otherwise be refused after 600 requests a minute.
"$bin/rinsho-server" --data-dir "$work/on" --port 18201 --quiet --rate-limit 0 2>"$work/on.log" & pids+=($!)
off_flag=--no-metrics
[ "${AA:-0}" = 1 ] && off_flag=--quiet
"$bin/rinsho-server" --data-dir "$work/off" --port 18202 --quiet --rate-limit 0 $off_flag 2>"$work/off.log" & pids+=($!)
for port in 18201 18202; do
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # user + system time of a process, in clock ticks
hz=$(getconf CLK_TCK)

run() {  # port pid -> "requests_per_second p99_ms server_cpu_us_per_request"
  local out before after
  before=$(cpu_ticks "$2")
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -H "User-Agent: $agent" \
        -H 'Accept-Language: ja,en;q=0.8' "http://127.0.0.1:$1$query")
  after=$(cpu_ticks "$2")
  local rps p99 requests
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p99 $(awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')"
}

# Warm both (page cache, searcher pool, SQLite connections).
run 18201 "${pids[0]}" >/dev/null; run 18202 "${pids[1]}" >/dev/null
second="--no-metrics"; [ "${AA:-0}" = 1 ] && second="counting on (A/A control)"
echo "| round | counting on: req/s | p99 ms | CPU µs/req | $second: req/s | p99 ms | CPU µs/req |"
echo "|---|---|---|---|---|---|---|"
on_rps=(); off_rps=(); on_p99=(); off_p99=(); on_cpu=(); off_cpu=()
for r in $(seq "$rounds"); do
  if (( r % 2 )); then a=$(run 18201 "${pids[0]}"); b=$(run 18202 "${pids[1]}"); else b=$(run 18202 "${pids[1]}"); a=$(run 18201 "${pids[0]}"); fi
  read -r a_rps a_p99 a_cpu <<<"$a"; read -r b_rps b_p99 b_cpu <<<"$b"
  on_rps+=("$a_rps"); off_rps+=("$b_rps"); on_p99+=("$a_p99"); off_p99+=("$b_p99"); on_cpu+=("$a_cpu"); off_cpu+=("$b_cpu")
  echo "| $r | $a_rps | $a_p99 | $a_cpu | $b_rps | $b_p99 | $b_cpu |"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
m_on=$(median "${on_rps[@]}"); m_off=$(median "${off_rps[@]}")
p_on=$(median "${on_p99[@]}"); p_off=$(median "${off_p99[@]}")
c_on=$(median "${on_cpu[@]}"); c_off=$(median "${off_cpu[@]}")
echo "| median | $m_on | $p_on | $c_on | $m_off | $p_off | $c_off |"
awk -v on="$m_on" -v off="$m_off" -v pon="$p_on" -v poff="$p_off" -v con="$c_on" -v coff="$c_off" 'BEGIN {
  printf "\nCounting costs %.2f%% of throughput (median req/s), %+.2f ms at p99, %.2f%% server CPU per request\n",
         (off - on) / off * 100, pon - poff, (con - coff) / coff * 100 }'
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"
# Counts really were taken (the counting server flushed into its store).
curl -fs "http://127.0.0.1:18201/api/v1/stats" | python3 -c 'import json,sys; b=json.load(sys.stdin)["breakdown"]; print("counted accesses (flushed):", b["total"])'
