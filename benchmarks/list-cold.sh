#!/usr/bin/env bash
# `otter list` on 10,000 accounts, each run a fresh process, against the same command on an
# empty vault: the difference is what opening and listing the accounts cost beyond the KDF and
# the process start-up (both vaults use the same KDF cost, so it cancels out).
#   benchmarks/list-cold.sh [RUNS]
# `otter-bench` times the same work inside one warm process; this is what a user waits for.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
scripts/install-deps --test
swift build -c release --product otter >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
otter=.build/release/otter
printf 'bench password\n' >"$work/pw"
# The accounts of `otter-bench`: 500 issuers, every tenth HOTP, SHA1/256/512 in turn, 6-8 digits.
/usr/bin/python3 - >"$work/uris" <<'PY'
import base64, random
random.seed(7)
for i in range(10000):
    secret = base64.b32encode(random.randbytes(20)).decode().rstrip("=")
    kind = "hotp" if i % 10 == 9 else "totp"
    extra = "&counter=0" if kind == "hotp" else ""
    print(f"otpauth://{kind}/Issuer%20{i % 500}:user{i}%40example.com?secret={secret}&issuer=Issuer%20{i % 500}"
          f"&algorithm={['SHA1', 'SHA256', 'SHA512'][i % 3]}&digits={6 + i % 3}{extra}")
PY
for vault in big empty; do
  "$otter" init --vault "$work/$vault.otter" --password-file "$work/pw" --kdf-log-n 14 >/dev/null
done
"$otter" add --vault "$work/big.otter" --password-file "$work/pw" <"$work/uris" >/dev/null
/usr/bin/python3 - "$otter" "$work" "$runs" <<'PY'
import statistics, subprocess, sys, time
otter, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = {"big": [], "empty": []}
for _ in range(runs):
    for vault in ("big", "empty"):  # interleaved, so a slow spell of the machine hits both
        start = time.perf_counter()
        result = subprocess.run([otter, "list", "--vault", f"{work}/{vault}.otter", "--password-file", f"{work}/pw"],
                                stdout=subprocess.DEVNULL, check=True)
        times[vault].append(time.perf_counter() - start)
ms = lambda seconds: f"{seconds * 1000:7.1f} ms"
big, empty = times["big"], times["empty"]
pairs = [b - e for b, e in zip(big, empty)]
print(f"otter list, {runs} fresh processes each (best, median):")
print(f"  10,000 accounts:  {ms(min(big))}  {ms(statistics.median(big))}")
print(f"  empty vault:      {ms(min(empty))}  {ms(statistics.median(empty))}   (KDF N=2^14 and start-up)")
print(f"  difference:       {ms(min(big) - min(empty))}  {ms(statistics.median(pairs))}   (open + list beyond the KDF)")
PY
