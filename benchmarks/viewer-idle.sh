#!/usr/bin/env bash
# CPU used by an idle viewer: `otter demo` (release build) in a tmux terminal, untouched for
# SECONDS seconds (default 60). Reads the process's user+system clock ticks from /proc before
# and after, and prints the share of one core. For reference, the same is measured for
# `sleep` in the same terminal (a process that does nothing).
#   benchmarks/viewer-idle.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scripts/install-deps --test
swift build -c release --product otter >&2
socket=$(mktemp -u /tmp/otter-idle-XXXXXX.sock)
trap 'tmux -S "$socket" kill-server 2>/dev/null || true; rm -f "$socket"' EXIT
tmux -S "$socket" new-session -d -s idle -x 100 -y 30 \
  "env -i PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=tmux-256color $PWD/.build/release/otter demo"
tmux -S "$socket" new-window -d -t idle "sleep $((seconds + 30))"
sleep 2
viewer=$(pgrep -f "release/otter demo" | head -1)
sleeper=$(pgrep -f "^sleep $((seconds + 30))$" | head -1)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
v0=$(ticks "$viewer"); s0=$(ticks "$sleeper")
sleep "$seconds"
v1=$(ticks "$viewer"); s1=$(ticks "$sleeper")
hz=$(getconf CLK_TCK)
awk -v v=$((v1 - v0)) -v s=$((s1 - s0)) -v hz="$hz" -v t="$seconds" 'BEGIN {
  printf "idle viewer over %d s: %d ticks = %.3f %% of one core (target < 0.5 %%)\n", t, v, 100 * v / hz / t
  printf "reference, sleep:      %d ticks = %.3f %% of one core\n", s, 100 * s / hz / t
}'
