#!/usr/bin/env bash
# What the automatic backup costs a save: `otter edit … --note` (a whole save through the
# agent, no key derivation) on a vault of ACCOUNTS accounts (default 1,000), fresh processes, with backups on and
# off, interleaved; the ratio of the medians (target ≤ 1.5: one more write and fsync of a file
# the save already wrote).
# With more than 20 runs, the folder holds the 20 copies --keep allows, read at each prune.
#   benchmarks/backup-cost.sh [RUNS] [ACCOUNTS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
accounts=${2:-1000}
swift build -c release --product otter >&2
otter=$PWD/.build/release/otter
work=$(mktemp -d)
export XDG_RUNTIME_DIR=$work/run XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config HOME=$work OTTER_VAULT=$work/vault.otter
mkdir -m 700 "$XDG_RUNTIME_DIR"
trap '"$otter" lock --all >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
printf 'bench password\n' >"$work/pw"
"$otter" init --password-file "$work/pw" >/dev/null
for i in $(seq "$accounts"); do echo "otpauth://totp/Issuer$i:user$i?secret=JBSWY3DPEHPK3PXP&issuer=Issuer$i"; done |
  "$otter" add --password-file "$work/pw" >/dev/null 2>&1
"$otter" unlock --password-file "$work/pw" >/dev/null
/usr/bin/python3 - "$otter" "$runs" "$accounts" <<'PY'
import statistics, subprocess, sys, time
otter, runs, accounts = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def edit(index):
    start = time.perf_counter()
    subprocess.run([otter, "edit", "issuer500", "--note", f"run {index}"], capture_output=True, check=True)
    return time.perf_counter() - start
on, off = [], []
for index in range(runs):
    subprocess.run([otter, "backup", "--on"], capture_output=True, check=True)
    on.append(edit(2 * index))
    subprocess.run([otter, "backup", "--off"], capture_output=True, check=True)
    off.append(edit(2 * index + 1))
ratio = statistics.median(on) / statistics.median(off)
print(f"a save of {accounts:,} accounts, {runs} fresh processes each: backups on {statistics.median(on) * 1000:.1f} ms, "
      f"off {statistics.median(off) * 1000:.1f} ms (median), ratio {ratio:.2f} (target <= 1.5)")
sys.exit(0 if ratio <= 1.5 else 1)
PY
