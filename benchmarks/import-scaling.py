#!/usr/bin/env python3
"""Import time against input size, for every text format: a 1 MiB and a 16 MiB file of each
(URI list, Aegis JSON, andOTP, 2FAS, FreeOTP tokens.xml, HTML, Bitwarden CSV), imported with
`otter import FILE --dry-run` (no vault: nothing is compared or written) as whole processes,
best of RUNS each. Linear work means the 16 MiB run takes about 16x the 1 MiB run; the bound
checked is 20x.

    benchmarks/import-scaling.py [RUNS]      (default 3; builds the release binary first)

Prints a table and exits 1 when a format's ratio passes 20.
"""
import base64, html, json, os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 3


def secret(i):
    return base64.b32encode(i.to_bytes(4, "big") + b"0123456789abcdef").decode().rstrip("=")


def uri(i):
    return f"otpauth://totp/Issuer%20{i}:user{i}%40example.com?secret={secret(i)}&issuer=Issuer%20{i}"


def uris(n):
    return "".join(uri(i) + "\n" for i in range(n)).encode()


def aegis(n):
    entries = [{"type": "totp", "uuid": f"00000000-0000-0000-0000-{i:012d}", "name": f"user{i}", "issuer": f"Issuer {i}",
                "note": "", "favorite": False, "icon": None,
                "info": {"secret": secret(i), "algo": "SHA1", "digits": 6, "period": 30}} for i in range(n)]
    return json.dumps({"version": 1, "header": {"slots": None, "params": None},
                       "db": {"version": 2, "entries": entries}}).encode()


def andotp(n):
    return json.dumps([{"secret": secret(i), "issuer": f"Issuer {i}", "label": f"user{i}", "digits": 6, "type": "TOTP",
                        "algorithm": "SHA1", "thumbnail": "Default", "last_used": 0, "used_frequency": 0, "period": 30,
                        "tags": []} for i in range(n)]).encode()


def two_fas(n):
    services = [{"name": f"Issuer {i}", "secret": secret(i), "updatedAt": 0,
                 "otp": {"account": f"user{i}", "issuer": f"Issuer {i}", "digits": 6, "period": 30, "algorithm": "SHA1",
                         "tokenType": "TOTP", "source": "Link"}, "order": {"position": i}} for i in range(n)]
    return json.dumps({"services": services, "groups": [], "updatedAt": 0, "schemaVersion": 4}).encode()


def freeotp(n):
    order = json.dumps([f"Issuer {i}:user{i}" for i in range(n)])
    body = [f'    <string name="tokenOrder">{html.escape(order)}</string>\n']
    for i in range(n):
        raw = list(i.to_bytes(4, "big") + b"0123456789abcdef")
        token = json.dumps({"algo": "SHA1", "counter": 0, "digits": 6, "issuerExt": f"Issuer {i}", "label": f"user{i}",
                            "period": 30, "secret": [b - 256 if b > 127 else b for b in raw], "type": "TOTP"})
        body.append(f'    <string name="Issuer {i}:user{i}">{html.escape(token)}</string>\n')
    return ("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n" + "".join(body) + "</map>\n").encode()


def html_page(n):
    links = "".join(f'<li><a href="{html.escape(uri(i))}">Issuer {i}</a></li>\n' for i in range(n))
    return f"<!DOCTYPE html><html><body><ul>\n{links}</ul></body></html>\n".encode()


def bitwarden_csv(n):
    head = "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n"
    rows = "".join(f",,login,Issuer {i},,,0,https://example.com,user{i},,{uri(i)}\n" for i in range(n))
    return (head + rows).encode()


FORMATS = [("uri", uris), ("aegis", aegis), ("andotp", andotp), ("2fas", two_fas), ("freeotp", freeotp),
           ("html", html_page), ("bitwarden", bitwarden_csv)]


def sized(writer, size):
    """The writer's output with as many accounts as fit in `size` bytes (Otter reads at most
    16 MiB from a file)."""
    probe = len(writer(200))
    n = max(1, int(200 * size / probe))
    data = writer(n)
    while len(data) > size:
        n = int(n * size / len(data) * 0.999)
        data = writer(n)
    return data, n


def best(command):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command)} failed: {done.stderr.decode(errors='replace')}")
    return min(times)


def main():
    subprocess.run(["swift", "build", "-c", "release", "--product", "otter"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    otter = os.path.join(ROOT, ".build", "release", "otter")
    failed = False
    with tempfile.TemporaryDirectory() as work:
        vault = os.path.join(work, "none", "vault.otter")
        print(f"{'format':10} {'1 MiB':>10} {'16 MiB':>10} {'accounts':>9} {'ratio':>7}")
        for name, writer in FORMATS:
            row = []
            counts = []
            for size in (1 << 20, 16 << 20):
                data, n = sized(writer, size)
                path = os.path.join(work, f"{name}-{size}")
                with open(path, "wb") as f:
                    f.write(data)
                counts.append(n)
                row.append(best([otter, "import", path, "--dry-run", "--vault", vault]))
            ratio = row[1] / row[0]
            failed |= ratio > 20
            print(f"{name:10} {row[0] * 1000:8.0f}ms {row[1] * 1000:8.0f}ms {counts[1]:9d} {ratio:6.1f}x"
                  + ("  over 20x" if ratio > 20 else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
