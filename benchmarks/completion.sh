#!/usr/bin/env bash
# Account-name completion as a shell asks for it (`otter ---completion code -- …`, what the
# generated bash, zsh and fish scripts run), with the key held by the agent, on a vault of
# 1,000 accounts: fresh processes, whole-process time (target < 50 ms).
#   benchmarks/completion.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-51}
scripts/install-deps --test
swift build -c release --product otter >&2
otter=$PWD/.build/release/otter
work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work/run XDG_STATE_HOME=$work/state HOME=$work OTTER_VAULT=$work/vault.otter
mkdir -m 700 "$XDG_RUNTIME_DIR"
trap '"$otter" lock --all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
printf 'bench password\n' >"$work/pw"
"$otter" init --password-file "$work/pw" >/dev/null
for i in $(seq 1000); do echo "otpauth://totp/Issuer$i:user$i?secret=JBSWY3DPEHPK3PXP&issuer=Issuer$i"; done |
  "$otter" add --password-file "$work/pw" >/dev/null 2>&1
"$otter" unlock --password-file "$work/pw" >/dev/null
/usr/bin/python3 - "$otter" "$runs" <<'PY'
import statistics, subprocess, sys, time
otter, runs = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(runs):
    start = time.perf_counter()
    out = subprocess.run([otter, "---completion", "code", "--", "positional@0", "2", "0"], capture_output=True, check=True)
    times.append(time.perf_counter() - start)
count = len(out.stdout.splitlines())
median = statistics.median(times) * 1000
print(f"completion of {count} names, {runs} fresh processes: best {min(times) * 1000:.1f} ms, median {median:.1f} ms (target < 50 ms)")
sys.exit(0 if median < 50 else 1)
PY
