#!/usr/bin/env bash
# Samples → ingest → build at each scale: wall time and peak memory of every step, and the
# claim lines loaded, so that the growth with volume is visible. Usage: bench-scale.sh BIN OUT S...
set -euo pipefail
bin=$1 out=$2
shift 2
mkdir -p "$out"
printf 'scale\tstep\tseconds\tpeak_rss_mb\n' > "$out/results.tsv"
for s in "$@"; do
  d="$out/scale-$s"
  rm -rf "$d"
  mkdir -p "$d"
  step() {
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$d/$name.time" "$@" > "$d/$name.log" 2>&1 || [ $? -eq 3 ]
    read -r secs kb < <(tail -n 1 "$d/$name.time")
    printf '%s\t%s\t%s\t%d\n' "$s" "$name" "$secs" $((kb / 1024)) | tee -a "$out/results.tsv"
  }
  step samples "$bin" samples --out "$d/data" --scale "$s"
  step ingest "$bin" --db "$d/w.duckdb" --memory-limit "${MEMORY_LIMIT:-4GB}" ingest -q "$d/data"
  step build "$bin" --db "$d/w.duckdb" --memory-limit "${MEMORY_LIMIT:-4GB}" build
  lines=$("$bin" --db "$d/w.duckdb" sql -c "select count(*) from raw.claim_lines" --format csv | tail -1)
  printf '%s\tclaim_lines\t%s\t\n' "$s" "$lines" | tee -a "$out/results.tsv"
done
