#!/usr/bin/python3
"""An independent writer of KeePass KDBX 4 databases for the tests: pykeepass (Debian's
python3-pykeepass) builds the file, and with `resave` the real KeePassXC (`keepassxc-cli`)
opens it and writes it again with its own writer. Nothing here is shared with Otter.

    kdbx_reference.py OUT [cipher=aes256|chacha20] [kdf=argon2d|argon2id|aeskdf]
                          [compression=gzip|none] [otp=uri|keeotp|legacy|keepass]
                          [history] [recyclebin] [resave] [memory=BYTES] [rounds=N] [fuzzkey]
    stdin: {"password": "...", "accounts": [...]}   (the accounts of the importer tests)

Where each shape was seen (KeePassXC's src/core/Totp.cpp reads all of them):
- otp=uri: KeePassXC 2.4+ keeps an `otp` attribute holding an otpauth URI (Totp::writeSettings:
  `otpauth://totp/TITLE:USER?secret=…&period=…&digits=…&issuer=TITLE`, `encoder=steam`,
  `algorithm=` when not SHA1), protected;
- otp=keeotp: the KeeOtp plugin's `otp` = `key=BASE32&size=N&step=N&otpHashMode=SHA256`;
- otp=legacy: KeePassXC 2.3 and TrayTOTP: `TOTP Seed` and `TOTP Settings` = `STEP;DIGITS` or
  `STEP;S` for Steam;
- otp=keepass: KeePass 2.47+: `TimeOtp-Secret-Base32`, `TimeOtp-Length`, `TimeOtp-Period`,
  `TimeOtp-Algorithm` (`HMAC-SHA-256`); HOTP as `HmacOtp-Secret-Base32` and `HmacOtp-Counter`.
- history: each entry also keeps an earlier version with a different secret (not imported);
- recyclebin: one more entry, deleted to the recycle bin (not imported).
"""
import json
import os
import subprocess
import sys
import urllib.parse

from construct import Container
from pykeepass import create_database

out = sys.argv[1]
options = dict(a.split("=", 1) if "=" in a else (a, True) for a in sys.argv[2:])
spec = json.load(sys.stdin)
password = spec["password"]

kp = create_database(out, password=password)
header = kp.kdbx.header.value.dynamic_header
if options.get("cipher", "aes256") == "chacha20":
    header.cipher_id.data = "chacha20"
    header.encryption_iv.data = os.urandom(12)
else:
    header.encryption_iv.data = os.urandom(16)
header.master_seed.data = os.urandom(32)
header.compression_flags.data.compression = options.get("compression", "gzip") == "gzip"
parameters = header.kdf_parameters.data.dict
kdf = options.get("kdf", "argon2d")
if kdf == "aeskdf":
    for name in list(parameters.keys()):
        if name != "$UUID":
            del parameters[name]
    parameters["$UUID"].value = b"\xc9\xd9\xf3\x9ab\x8aD`\xbft\r\x08\xc1\x8aO\xea"
    parameters["R"] = Container(type=0x05, key="R", value=60000, next_byte=0x42)
    parameters["S"] = Container(type=0x42, key="S", value=os.urandom(32), next_byte=0)
else:
    if kdf == "argon2id":
        parameters["$UUID"].value = b"\x9e)\x8b\x19V\xdbGs\xb2=\xfc>\xc6\xf0\xa1\xe6"
    parameters["M"].value = 8 << 20
    parameters["I"].value = 2
    parameters["S"].value = os.urandom(32)
del kp.kdbx.header["data"]

form = options.get("otp", "uri")


def store(entry, account, secret):
    kind, digits, period, algorithm = account["kind"], account["digits"], account["period"], account["algorithm"]
    if form == "uri":
        issuer = urllib.parse.quote(account["issuer"])
        name = urllib.parse.quote(account["name"])
        kind_path = "hotp" if kind == "hotp" else "totp"
        uri = f"otpauth://{kind_path}/{issuer}:{name}?secret={secret}&period={period}&digits={digits}&issuer={issuer}"
        if kind == "steam":
            uri += "&encoder=steam"
        if kind == "hotp":
            uri += f"&counter={account['counter']}"
        if algorithm != "SHA1":
            uri += f"&algorithm={algorithm}"
        entry.otp = uri
    elif form == "keeotp":
        value = f"key={secret}&size={digits}&step={period}"
        if algorithm != "SHA1":
            value += f"&otpHashMode={algorithm}"
        entry.otp = value
    elif form == "legacy":
        entry.set_custom_property("TOTP Seed", secret)
        entry.set_custom_property("TOTP Settings", f"{period};S" if kind == "steam" else f"{period};{digits}")
    else:
        if kind == "hotp":
            entry.set_custom_property("HmacOtp-Secret-Base32", secret)
            entry.set_custom_property("HmacOtp-Counter", str(account["counter"]))
        else:
            entry.set_custom_property("TimeOtp-Secret-Base32", secret)
            entry.set_custom_property("TimeOtp-Length", str(digits))
            entry.set_custom_property("TimeOtp-Period", str(period))
            entry.set_custom_property("TimeOtp-Algorithm", "HMAC-" + algorithm.replace("SHA", "SHA-"))


group = kp.add_group(kp.root_group, "Two-factor")
for account in spec["accounts"]:
    entry = kp.add_entry(group, account["issuer"], account["name"], "a password")
    if "history" in options:
        store(entry, account, "JBSWY3DPEHPK3PXP")
        entry.save_history()
    store(entry, account, account["secret"])

if "recyclebin" in options and spec["accounts"]:
    deleted = kp.add_entry(kp.root_group, "Deleted", "gone", "x")
    store(deleted, spec["accounts"][0], "GEZDGNBVGY3TQOJQ")
    kp.trash_entry(deleted)

if "memory" in options or "rounds" in options:
    # A database that claims an Argon2 memory cost (bytes) or AES-KDF rounds no one should
    # pay: saved with a stand-in transformed key, as pykeepass allows, since deriving it is
    # the point refused (or, for rounds, timed: the password then reads as wrong).
    if "memory" in options:
        parameters["M"].value = int(options["memory"])
    else:
        parameters["R"].value = int(options["rounds"])
    kp.save(transformed_key=bytes(32))
elif "fuzzkey" in options:
    # For the fuzzer's seed: the transformed key is the fuzz harness's fast stand-in for the
    # key derivation, SHA-256 of the composite key SHA-256(SHA-256(password)).
    import hashlib
    composite = hashlib.sha256(hashlib.sha256(password.encode()).digest()).digest()
    kp.save(transformed_key=hashlib.sha256(composite).digest())
else:
    kp.save()

if "resave" in options:
    # KeePassXC itself opens the database and writes it again (an edit that changes nothing
    # the tests read), so the file on disk is KeePassXC's own writer's.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    title = spec["accounts"][0]["issuer"] if spec["accounts"] else None
    if title:
        result = subprocess.run(
            ["keepassxc-cli", "edit", "-q", "--notes", "written again by KeePassXC", out, "Two-factor/" + title],
            input=password + "\n", capture_output=True, text=True, env=env)
        if result.returncode != 0:
            sys.exit("keepassxc-cli edit failed: " + result.stderr)
