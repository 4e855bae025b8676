#!/usr/bin/python3
"""Independent reference for Otter's differential tests.

Reads one case per line on stdin: KIND ALGORITHM DIGITS PERIOD SECRET_BASE32 VALUE [PIN]
(VALUE is a Unix time for totp/steam/motp/yandex, a counter for hotp) and prints one code
per line. TOTP and HOTP come from pyotp (Debian's python3-pyotp); Steam Guard, mOTP and
Yandex from Python's own hashlib and hmac, following each one's published description
(mOTP: the first DIGITS hex digits of MD5(time // 10 in decimal, the secret in lowercase
hex, the PIN); Yandex: HMAC-SHA-256 keyed by SHA-256(PIN || first 16 secret bytes), with a
leading zero byte dropped, eight bytes from the dynamic offset with the top bit cleared,
modulo 26^8, as letters a-z). Nothing here shares code with Otter.
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


def motp(secret, time, period, digits, pin):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    text = f"{time // period}{key.hex()}{pin}".encode()
    return hashlib.md5(text).hexdigest()[:digits]


def yandex(secret, time, period, pin):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))[:16]
    hashed = hashlib.sha256(pin.encode() + key).digest()
    if hashed[0] == 0:
        hashed = hashed[1:]
    mac = hmac.new(hashed, (time // period).to_bytes(8, "big"), hashlib.sha256).digest()
    offset = mac[-1] & 15
    value = int.from_bytes(mac[offset:offset + 8], "big") & 0x7FFFFFFFFFFFFFFF
    value %= 26 ** 8
    letters = ""
    for _ in range(8):
        letters = chr(ord("a") + value % 26) + letters
        value //= 26
    return letters


def main():
    out = []
    for line in sys.stdin:
        kind, algorithm, digits, period, secret, value, *pin = line.split()
        digits, period, value = int(digits), int(period), int(value)
        digest = DIGESTS[algorithm]
        if kind == "motp":
            out.append(motp(secret, value, period, digits, pin[0]))
        elif kind == "yandex":
            out.append(yandex(secret, value, period, pin[0]))
        elif kind == "totp":
            out.append(pyotp.TOTP(secret, digits=digits, digest=digest, interval=period).at(value))
        elif kind == "hotp":
            out.append(pyotp.HOTP(secret, digits=digits, digest=digest).at(value))
        else:
            out.append(steam(secret, value, period))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
