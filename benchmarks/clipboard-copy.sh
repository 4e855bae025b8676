#!/usr/bin/env bash
# How long `otter code --uri FILE -c` takes with each real clipboard tool, against the
# clipboard tool's own read (`xclip -o`, `wl-paste`) in the same run: the copy must return at
# once (a tool that is waited on never returns while it serves the selection).
#
#   benchmarks/clipboard-copy.sh [RUNS]      (default 20; needs xvfb, xclip, xsel; sway and
#                                             wl-clipboard for the Wayland row)
# Every time is a whole process, started and waited for by the same loop, best and median.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
swift build -c release --product otter >/dev/null
otter=$PWD/.build/release/otter
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'otpauth://totp/Bench:me?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n' >"$work/uri"

Xvfb -displayfd 3 -screen 0 640x480x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
for _ in $(seq 100); do [[ -s $work/display ]] && break; sleep 0.05; done
display=":$(cat "$work/display")"

# Runs "$@" RUNS times; prints best and median milliseconds.
measure() {
  python3 - "$runs" "$@" <<'EOF'
import os, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - start) * 1000)
times.sort()
print(f"{times[0]:8.1f} {times[len(times) // 2]:8.1f}")
EOF
}

row() { printf '%-44s %s\n' "$1" "$(measure "${@:2}")"; }
printf '%-44s %8s %8s\n' "command (${runs} runs, ms)" best median
mkdir -p "$work/x" "$work/s" "$work/w"
ln -s /usr/bin/xclip "$work/x/xclip"
ln -s /usr/bin/xsel "$work/s/xsel"
printf 123456 | DISPLAY=$display xclip -selection clipboard
row "xclip -o (reference)" env DISPLAY="$display" xclip -o -selection clipboard
row "otter code -c with xclip" env -i HOME="$work" PATH="$work/x" DISPLAY="$display" "$otter" code --uri "$work/uri" -c
row "otter code -c with xsel" env -i HOME="$work" PATH="$work/s" DISPLAY="$display" "$otter" code --uri "$work/uri" -c

if command -v sway >/dev/null && command -v wl-copy >/dev/null; then
  runtime=$work/wayland
  chmod 711 "$work"
  mkdir -m 700 "$runtime"
  as=()
  if [[ $(id -u) -eq 0 ]]; then
    chown 65534:65534 "$runtime"
    as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
  "${as[@]}" env -i PATH=/usr/bin:/bin HOME="$runtime" XDG_RUNTIME_DIR="$runtime" WLR_BACKENDS=headless \
    WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman sway -c /dev/null >/dev/null 2>&1 &
  for _ in $(seq 100); do [[ -S $runtime/wayland-1 ]] && break; sleep 0.05; done
  ln -s /usr/bin/wl-copy "$work/w/wl-copy"
  printf 123456 | XDG_RUNTIME_DIR=$runtime WAYLAND_DISPLAY=wayland-1 wl-copy
  row "wl-paste (reference)" env XDG_RUNTIME_DIR="$runtime" WAYLAND_DISPLAY=wayland-1 wl-paste
  row "otter code -c with wl-copy" env -i HOME="$work" PATH="$work/w:/usr/bin:/bin" XDG_RUNTIME_DIR="$runtime" \
    WAYLAND_DISPLAY=wayland-1 "$otter" code --uri "$work/uri" -c
else
  echo "wl-copy: skipped (sway or wl-clipboard not installed)"
fi
pkill -f "$otter clipboard-clear" 2>/dev/null || true
