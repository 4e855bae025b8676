#!/usr/bin/python3
"""Encrypted imports against their own key derivation (issue 16).

  benchmarks/imports.py        (after `swift build`; needs python3-argon2 and python3-nacl)

For each encrypted format, Tests/Reference/export_reference.py writes a file of 20 accounts;
`otter import --dry-run` of it is timed (median of 7 fresh processes), less the same command
on a plain URI list (process start, vault unlock, report), and set against the reference
library's key derivation alone at the file's cost, in this process. Then two files naming
absurd costs, which must be refused at once.
"""
import json, os, subprocess, sys, tempfile, time, statistics, hashlib
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
otter = f"{root}/.build/debug/otter"
ref = f"{root}/Tests/Reference/export_reference.py"
accounts = [{"kind": "totp", "issuer": f"I{i}", "name": f"n{i}", "secret": "4SJHB4GSD43FZBAI7C2HLRJGPQ", "algorithm": "SHA1",
             "digits": 6, "period": 30, "counter": 0} for i in range(20)]
tmp = tempfile.mkdtemp()
open(f"{tmp}/pw", "w").write("pw\n"); open(f"{tmp}/sp", "w").write("correct horse\n")
env = dict(os.environ, OTTER_VAULT=f"{tmp}/v.otter")
subprocess.run([otter, "init", "--password-file", f"{tmp}/pw", "--kdf-log-n", "14"], env=env, capture_output=True)

def kdf(fmt):
    import argon2.low_level as a, nacl.pwhash
    pw = b"correct horse"
    if fmt == "2fas": return lambda: hashlib.pbkdf2_hmac("sha256", pw, os.urandom(256), 10000)
    if fmt == "andotp": return lambda: hashlib.pbkdf2_hmac("sha1", pw, os.urandom(12), 150000, 32)
    if fmt == "authpro": return lambda: a.hash_secret_raw(pw, os.urandom(16), time_cost=3, memory_cost=65536, parallelism=4, hash_len=32, type=a.Type.ID)
    if fmt == "ente": return lambda: nacl.pwhash.argon2id.kdf(32, pw, os.urandom(16), opslimit=2, memlimit=64 << 20)
def run_import(path):
    t = time.perf_counter()
    p = subprocess.run([otter, "import", path, "--dry-run", "--password-file", f"{tmp}/pw", "--source-password-file", f"{tmp}/sp"], env=env, capture_output=True)
    assert p.returncode == 0, p.stderr
    return time.perf_counter() - t
# The same command on a plain URI list of the same accounts: process start, vault unlock, report.
plain = f"{tmp}/plain.uris"
open(plain, "w").write("".join(f"otpauth://totp/I{i}:n{i}?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ\n" for i in range(20)))
baseline = statistics.median(run_import(plain) for _ in range(11))
print(f"baseline: otter import --dry-run of a plain URI list {baseline*1000:.1f} ms")
for fmt in ["2fas", "andotp", "authpro", "ente"]:
    path = f"{tmp}/{fmt}"
    with open(path, "wb") as f:
        f.write(subprocess.run(["/usr/bin/python3", ref, fmt, "correct horse"], input=json.dumps(accounts).encode(), capture_output=True).stdout)
    o, r = [], []
    for _ in range(7):
        t = time.perf_counter()
        p = subprocess.run([otter, "import", path, "--dry-run", "--password-file", f"{tmp}/pw", "--source-password-file", f"{tmp}/sp"], env=env, capture_output=True)
        o.append(time.perf_counter() - t)
        assert p.returncode == 0, p.stderr
        f = kdf(fmt); t = time.perf_counter(); f(); r.append(time.perf_counter() - t)
    mo, mr = statistics.median(o), statistics.median(r)
    print(f"{fmt:8} otter import --dry-run {mo*1000:7.1f} ms; beyond the baseline {(mo-baseline)*1000:6.1f} ms; reference KDF alone {mr*1000:6.1f} ms; ratio {(mo-baseline)/mr:5.2f}")
# budget refusal
for fmt, opts in [("andotp", ["cost=2000000000", "unsealed"]), ("ente", ["memory=68719476736", "unsealed"])]:
    path = f"{tmp}/absurd-{fmt}"
    with open(path, "wb") as f:
        f.write(subprocess.run(["/usr/bin/python3", ref, fmt, "correct horse"] + opts, input=json.dumps(accounts[:1]).encode(), capture_output=True).stdout)
    t = time.perf_counter()
    p = subprocess.run([otter, "import", path, "--format", fmt, "--password-file", f"{tmp}/pw", "--source-password-file", f"{tmp}/sp"], env=env, capture_output=True)
    print(f"{fmt:8} absurd cost refused with exit {p.returncode} in {(time.perf_counter()-t)*1000:.0f} ms")
