#!/usr/bin/python3
"""Independent Aegis vault reader and writer for Otter's tests, written from Aegis's
docs/vault.md with Python's `cryptography` (Debian's python3-cryptography).

  aegis_reference.py encrypt PASSWORD < database.json > export.json
  aegis_reference.py decrypt PASSWORD < export.json > database.json
"""
import base64
import json
import os
import sys
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt


def encrypt(password, database):
    master = os.urandom(32)
    salt = os.urandom(32)
    kek = Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(password)
    key_nonce = os.urandom(12)
    wrapped = AESGCM(kek).encrypt(key_nonce, master, None)
    db_nonce = os.urandom(12)
    sealed = AESGCM(master).encrypt(db_nonce, database, None)
    return {
        "version": 1,
        "header": {
            "slots": [{
                "type": 1, "uuid": str(uuid.uuid4()), "key": wrapped[:-16].hex(),
                "key_params": {"nonce": key_nonce.hex(), "tag": wrapped[-16:].hex()},
                "n": 2**15, "r": 8, "p": 1, "salt": salt.hex(), "repaired": True,
            }],
            "params": {"nonce": db_nonce.hex(), "tag": sealed[-16:].hex()},
        },
        "db": base64.b64encode(sealed[:-16]).decode(),
    }


def decrypt(password, export):
    header = export["header"]
    for slot in header["slots"]:
        if slot["type"] != 1:
            continue
        kek = Scrypt(salt=bytes.fromhex(slot["salt"]), length=32, n=slot["n"], r=slot["r"], p=slot["p"]).derive(password)
        params = slot["key_params"]
        master = AESGCM(kek).decrypt(bytes.fromhex(params["nonce"]), bytes.fromhex(slot["key"]) + bytes.fromhex(params["tag"]), None)
        db = base64.b64decode(export["db"]) + bytes.fromhex(header["params"]["tag"])
        return AESGCM(master).decrypt(bytes.fromhex(header["params"]["nonce"]), db, None)
    raise SystemExit("no password slot")


def main():
    mode, password = sys.argv[1], sys.argv[2].encode()
    data = sys.stdin.buffer.read()
    if mode == "encrypt":
        sys.stdout.write(json.dumps(encrypt(password, data)))
    else:
        sys.stdout.buffer.write(decrypt(password, json.loads(data)))


if __name__ == "__main__":
    main()
