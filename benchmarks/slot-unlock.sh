#!/usr/bin/env bash
# Unlocking through each key slot against the scrypt password slot, in one run: `otter list`
# on one vault (default cost, N=2^17) as fresh processes, forced to one route with --slot.
# The keyring is a real GNOME Keyring on a private D-Bus session bus; the ssh-agent a real
# OpenSSH agent with an Ed25519 key; the TPM a software TPM 2.0 (swtpm) on loopback, reached
# through tpm2-tss's real swtpm TCTI. Each slot that needs nothing from the user should take
# under a tenth of the password slot's time.
#   benchmarks/slot-unlock.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
scripts/install-deps --test
swift build -c release --product otter >&2
work=$(mktemp -d)
otter=$PWD/.build/release/otter
bus=$(dbus-daemon --session --fork --print-address=1 --print-pid=1 --nosyslog)
export DBUS_SESSION_BUS_ADDRESS=$(head -1 <<<"$bus")
pids=($(tail -1 <<<"$bus"))
pids+=($(printf 'bench keyring' | HOME="$work" gnome-keyring-daemon --daemonize --unlock --components=secrets |
  sed -n 's/^GNOME_KEYRING_PID=//p'))
eval "$(ssh-agent -s -a "$work/agent.sock")" >/dev/null
pids+=("$SSH_AGENT_PID")
mkdir "$work/tpm"
swtpm socket --tpm2 --tpmstate dir="$work/tpm" --server type=tcp,port=24321,bindaddr=127.0.0.1 \
  --ctrl type=tcp,port=24322,bindaddr=127.0.0.1 --flags not-need-init,startup-clear --pid file="$work/tpm.pid" --daemon
pids+=("$(cat "$work/tpm.pid")")
export TSS2_TCTI=swtpm:host=127.0.0.1,port=24321
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
ssh-keygen -q -t ed25519 -N '' -f "$work/ed"
ssh-add -q "$work/ed"
export OTTER_VAULT=$work/vault.otter XDG_STATE_HOME=$work/state
printf 'bench password\n' >"$work/pw"
"$otter" init --password-file "$work/pw" >/dev/null
echo 'otpauth://totp/Bench:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bench' | "$otter" add --password-file "$work/pw" >/dev/null 2>&1
"$otter" slot add --keyring --password-file "$work/pw" >/dev/null
"$otter" slot add --ssh-key "$(ssh-keygen -lf "$work/ed.pub" | awk '{print $2}')" --password-file "$work/pw" >/dev/null
"$otter" slot add --tpm2 --password-file "$work/pw" >/dev/null
/usr/bin/python3 - "$otter" "$work" "$runs" <<'PY'
import statistics, subprocess, sys, time
otter, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
routes = {
    "password (scrypt N=2^17)": ["--slot", "password", "--password-file", f"{work}/pw"],
    "keyring (GNOME Keyring)": ["--slot", "keyring"],
    "ssh-key (OpenSSH agent, Ed25519)": ["--slot", "ssh-key"],
    "tpm2 (swtpm, no PIN)": ["--slot", "tpm2"],
    "start-up only (otter --version)": None,
}
times = {name: [] for name in routes}
for _ in range(runs):
    for name, extra in routes.items():  # interleaved, so a slow spell of the machine hits every route
        command = [otter, "--version"] if extra is None else [otter, "list"] + extra
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL, check=True)
        times[name].append(time.perf_counter() - start)
password = statistics.median(times["password (scrypt N=2^17)"])
print(f"otter list, {runs} fresh processes per route (best, median, median / password's):")
for name, values in times.items():
    median = statistics.median(values)
    print(f"  {name:34} {min(values) * 1000:7.1f} ms  {median * 1000:7.1f} ms  {median / password:6.3f}")
slow = [name for name in ("keyring (GNOME Keyring)", "ssh-key (OpenSSH agent, Ed25519)", "tpm2 (swtpm, no PIN)")
        if statistics.median(times[name]) >= password / 10]
if slow:
    sys.exit("over a tenth of the password slot's time: " + ", ".join(slow))
PY
