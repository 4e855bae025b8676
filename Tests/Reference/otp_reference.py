#!/usr/bin/python3
"""Independent reference for Otter's differential tests.

Reads one case per line on stdin: KIND ALGORITHM DIGITS PERIOD SECRET_BASE32 VALUE
(VALUE is a Unix time for totp/steam, a counter for hotp) and prints one code per line.
TOTP and HOTP come from pyotp (Debian's python3-pyotp); Steam Guard from Python's own hmac
module, following Steam's published algorithm. Nothing here shares code with Otter.
"""
import base64
import hashlib
import hmac
import sys

import pyotp

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
STEAM = "23456789BCDFGHJKMNPQRTVWXY"


def steam(secret, time, period):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, (time // period).to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 15
    value = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
    out = ""
    for _ in range(5):
        out += STEAM[value % 26]
        value //= 26
    return out


def main():
    out = []
    for line in sys.stdin:
        kind, algorithm, digits, period, secret, value = line.split()
        digits, period, value = int(digits), int(period), int(value)
        digest = DIGESTS[algorithm]
        if kind == "totp":
            out.append(pyotp.TOTP(secret, digits=digits, digest=digest, interval=period).at(value))
        elif kind == "hotp":
            out.append(pyotp.HOTP(secret, digits=digits, digest=digest).at(value))
        else:
            out.append(steam(secret, value, period))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
