#!/usr/bin/env bash
# CPU used by `otter watch` (release build) for SECONDS seconds (default 60), in its three
# rhythms: a line per code change, a line per second ({remaining}), and through the agent (a key
# check once a second). Reads each process's user+system clock ticks from /proc, and prints
# the share of one core; `sleep` is measured alongside as the floor.
#   benchmarks/watch-idle.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/install-deps --test
swift build -c release --product otter >&2
otter=$PWD/.build/release/otter
work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work/run XDG_STATE_HOME=$work/state HOME=$work
mkdir -m 700 "$XDG_RUNTIME_DIR"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; "$otter" lock --all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
printf 'bench password\n' >"$work/pw"
export OTTER_VAULT=$work/vault.otter
"$otter" init --password-file "$work/pw" --kdf-log-n 14 >/dev/null
printf 'otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank\notpauth://totp/Git:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Git\n' |
  "$otter" add --password-file "$work/pw" >/dev/null 2>&1
"$otter" watch --password-file "$work/pw" --format '{issuer} {code}' >/dev/null &
pids+=($!)
"$otter" watch --password-file "$work/pw" --format '{issuer} {code} {remaining}' >/dev/null &
pids+=($!)
"$otter" unlock --password-file "$work/pw" --for 1h >/dev/null
setsid "$otter" watch --format '{issuer} {code}' >/dev/null </dev/null &
pids+=($!)
sleep $((seconds + 30)) &
pids+=($!)
sleep 1
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
before=(); for pid in "${pids[@]}"; do before+=("$(ticks "$pid")"); done
sleep "$seconds"
hz=$(getconf CLK_TCK)
names=("on change" "each second" "via the agent" "sleep (floor)")
for index in 0 1 2 3; do
  used=$(($(ticks "${pids[$index]}") - before[index]))
  awk -v n="${names[$index]}" -v v="$used" -v hz="$hz" -v t="$seconds" \
    'BEGIN { printf "otter watch, %-14s %3d ticks in %d s = %.3f %% of one core (target < 0.5 %%)\n", n ":", v, t, 100 * v / hz / t }'
done
