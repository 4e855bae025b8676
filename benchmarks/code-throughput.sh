#!/usr/bin/env bash
# Codes per second of `otter code --count` against `oathtool --totp -w`, same secret and start.
#   benchmarks/code-throughput.sh [COUNT]
# Builds a release binary, runs each tool three times, keeps the best time of each, checks the
# outputs are byte-identical, and prints both rates and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ   # RFC 6238's test key; not a real account
start=1700000000
scripts/install-deps --test
swift build -c release --product otter >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'otpauth://totp/bench?secret=%s\n' "$secret" >"$work/uri"

best() {  # best wall time in seconds of three runs of "$@", output to $work/out
  local best=""
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$work/out"
    t1=$(date +%s.%N)
    best=$(echo "$t1 - $t0" | awk -v b="$best" '{ t = $1 - $3; if (b == "" || t < b) print t; else print b }')
  done
  echo "$best"
}

otter_time=$(best .build/release/otter code --uri "$work/uri" --at "$start" --count "$count")
mv "$work/out" "$work/otter.out"
oath_time=$(best oathtool --totp -b "$secret" --now="@$start" -w "$((count - 1))")
mv "$work/out" "$work/oathtool.out"

if ! cmp -s "$work/otter.out" "$work/oathtool.out"; then
  echo "MISMATCH: otter and oathtool printed different codes" >&2
  exit 1
fi
awk -v n="$count" -v o="$otter_time" -v a="$oath_time" 'BEGIN {
  printf "codes: %d (byte-identical output)\n", n
  printf "otter:    %.3f s  %6.2f M codes/s\n", o, n / o / 1e6
  printf "oathtool: %.3f s  %6.2f M codes/s\n", a, n / a / 1e6
  printf "ratio:    otter is %.2fx oathtool\n", a / o
}'
