#!/usr/bin/python3
"""Independent writers of other apps' encrypted exports, for Otter's importer tests.

  export_reference.py FORMAT PASSWORD [OPTION] < accounts.json > export

accounts.json is a list of {"kind", "issuer", "name", "secret" (base32), "algorithm",
"digits", "period", "counter"}. Each FORMAT is written from that app's published format (and
the importers of Aegis, which read files the apps wrote) with Python's `cryptography`
(PBKDF2, AES-GCM, AES-CBC), argon2-cffi (Argon2id with lanes) and PyNaCl (libsodium's
Argon2id and secretstream), none of which Otter uses:

  2fas      2FAS .2fas, schema 4: servicesEncrypted = b64(ct||tag):b64(salt):b64(iv),
            PBKDF2-HMAC-SHA256 10,000 iterations, AES-256-GCM
  andotp    andOTP .json.aes: iterations (u32 BE) || salt(12) || nonce(12) || ct || tag,
            PBKDF2-HMAC-SHA1; OPTION "old": nonce || ct || tag under SHA-256(password)
  authpro   Authenticator Pro: "AUTHENTICATORPRO" || salt(16) || iv(12) || ct || tag,
            Argon2id t=3 m=64 MiB p=4; OPTION "legacy": "AuthenticatorPro" || salt(20) ||
            iv(16) || AES-256-CBC/PKCS#7 under PBKDF2-HMAC-SHA1 64,000 iterations
  ente      ente Auth encrypted export: Argon2id (libsodium crypto_pwhash) of the password,
            a one-message XChaCha20-Poly1305 secretstream of the otpauth URI lines
  authy     Authy's rooted-phone token store: shared-preferences XML whose
            com.authy.storage.tokens.authenticator.key string is a JSON array of tokens with
            decryptedSecret (base32); OPTION "sealed": encryptedSecret + salt per token,
            PBKDF2-HMAC-SHA1 1,000 iterations, AES-256-CBC with a zero IV
  totp-authenticator  TOTP Authenticator's backup: base64 of AES-256-CBC (zero IV) under
            SHA-256(password) of {"<the account list as JSON text>": ...}; OPTION "prefs":
            the rooted phone's preferences XML with STATIC_TOTP_CODES_LIST instead
  google-db     Google Authenticator's SQLite database: accounts(email "Issuer:name", secret,
                counter, type 0 TOTP / 1 HOTP, issuer), written with Python's sqlite3
  microsoft-db  Microsoft Authenticator's: accounts(name, username, oath_secret_key,
                account_type 0 TOTP base32 / 1 Microsoft base64 8 digits / 2 push only)
An OPTION "cost=N" sets the KDF cost where the format lets the file choose it (andOTP
iterations; ente opsLimit and "memory=N" its memLimit), to test Otter's budget. With the
OPTION "unsealed" the key is random instead of derived: the file names a cost no reference
could pay, and Otter must refuse it before deriving anything.
"""
import base64
import json
import os
import sys
import urllib.parse

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def pbkdf2(password, salt, iterations, digest):
    return PBKDF2HMAC(algorithm=digest, length=32, salt=salt, iterations=iterations).derive(password)


def uri(account):
    label = urllib.parse.quote(f"{account['issuer']}:{account['name']}")
    query = {"secret": account["secret"], "issuer": account["issuer"], "algorithm": account["algorithm"],
             "digits": account["digits"]}
    if account["kind"] == "hotp":
        query["counter"] = account["counter"]
    else:
        query["period"] = account["period"]
    return f"otpauth://{account['kind']}/{label}?{urllib.parse.urlencode(query)}"


def two_fas(accounts, password, options):
    services = []
    for index, account in enumerate(accounts):
        otp = {"link": uri(account), "label": account["name"], "account": account["name"], "issuer": account["issuer"],
               "digits": account["digits"], "period": account["period"], "algorithm": account["algorithm"],
               "tokenType": account["kind"].upper(), "source": "Link"}
        if account["kind"] == "hotp":
            otp["counter"] = account["counter"]
        if "empty-issuer" in options:
            # 2FAS writes "" when the service has no issuer of its own; its name is the issuer.
            otp["issuer"] = ""
        services.append({"name": account["issuer"], "secret": account["secret"], "updatedAt": 1700000000000 + index,
                         "otp": otp, "order": {"position": index}})
    salt, iv = os.urandom(256), os.urandom(12)
    key = pbkdf2(password, salt, 10_000, hashes.SHA256())
    sealed = AESGCM(key).encrypt(iv, json.dumps(services).encode(), None)
    encode = lambda data: base64.b64encode(data).decode()
    reference_iv = os.urandom(12)
    # 2FAS also seals a fixed text to check a password with; Otter reads the services alone.
    reference = AESGCM(key).encrypt(reference_iv, b"a fixed reference text", None)
    return json.dumps({"services": [], "groups": [], "updatedAt": 1700000000000, "schemaVersion": 4,
                       "appVersionCode": 5000009, "appVersionName": "5.1.0", "appOrigin": "android",
                       "servicesEncrypted": f"{encode(sealed)}:{encode(salt)}:{encode(iv)}",
                       "reference": f"{encode(reference)}:{encode(salt)}:{encode(reference_iv)}"}).encode()


def andotp(accounts, password, options):
    entries = []
    for account in accounts:
        entry = {"secret": account["secret"], "issuer": account["issuer"], "label": account["name"],
                 "digits": account["digits"], "type": account["kind"].upper(), "algorithm": account["algorithm"],
                 "thumbnail": "Default", "last_used": 1700000000000, "used_frequency": 0, "tags": ["work"]}
        if account["kind"] == "hotp":
            entry["counter"] = account["counter"]
        else:
            entry["period"] = account["period"]
        entries.append(entry)
    plaintext = json.dumps(entries).encode()
    if "old" in options:
        key = hashes.Hash(hashes.SHA256())
        key.update(password)
        nonce = os.urandom(12)
        return nonce + AESGCM(key.finalize()).encrypt(nonce, plaintext, None)
    iterations = int(options.get("cost", 150_000))
    salt, nonce = os.urandom(12), os.urandom(12)
    key = os.urandom(32) if "unsealed" in options else pbkdf2(password, salt, iterations, hashes.SHA1())
    return iterations.to_bytes(4, "big") + salt + nonce + AESGCM(key).encrypt(nonce, plaintext, None)


def authpro(accounts, password, options):
    types = {"hotp": 1, "totp": 2, "steam": 4}
    algorithms_ = {"SHA1": 0, "SHA256": 1, "SHA512": 2}
    plaintext = json.dumps({"Authenticators": [
        {"Type": types[a["kind"]], "Icon": None, "Issuer": a["issuer"], "Username": a["name"], "Secret": a["secret"],
         "Pin": None, "Algorithm": algorithms_[a["algorithm"]], "Digits": a["digits"], "Period": a["period"],
         "Counter": a["counter"], "Ranking": 0} for a in accounts],
        "Categories": [], "AuthenticatorCategories": [], "CustomIcons": []}).encode()
    if "plain" in options:
        return plaintext
    if "legacy" in options:
        salt, iv = os.urandom(20), os.urandom(16)
        key = pbkdf2(password, salt, 64_000, hashes.SHA1())
        padder = padding.PKCS7(128).padder()
        padded = padder.update(plaintext) + padder.finalize()
        encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        return b"AuthenticatorPro" + salt + iv + encryptor.update(padded) + encryptor.finalize()
    import argon2.low_level
    salt, iv = os.urandom(16), os.urandom(12)
    key = argon2.low_level.hash_secret_raw(password, salt, time_cost=3, memory_cost=65536, parallelism=4, hash_len=32,
                                           type=argon2.low_level.Type.ID)
    return b"AUTHENTICATORPRO" + salt + iv + AESGCM(key).encrypt(iv, plaintext, None)


def ente(accounts, password, options):
    import nacl.bindings as sodium
    import nacl.pwhash
    ops = int(options.get("cost", 2))
    memory = int(options.get("memory", 64 << 20))
    salt = os.urandom(16)
    if "unsealed" in options:
        key = os.urandom(32)
    else:
        key = nacl.pwhash.argon2id.kdf(32, password, salt, opslimit=ops, memlimit=memory)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    plaintext = "\n".join(uri(a) for a in accounts).encode()
    # "tag=message": the one message ends with TAG_MESSAGE, not TAG_FINAL, as in files ente wrote
    # (issue 21); both are one message spanning the stream.
    tag = (sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE if options.get("tag") == "message"
           else sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL)
    data = sodium.crypto_secretstream_xchacha20poly1305_push(state, plaintext, None, tag)
    encode = lambda data: base64.b64encode(data).decode()
    return json.dumps({"version": 1, "kdfParams": {"memLimit": memory, "opsLimit": ops, "salt": encode(salt)},
                       "encryptedData": encode(data), "encryptionNonce": encode(header)}).encode()


def cbc(key, plaintext):
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def preferences(entries):
    import html
    body = "".join(f'    <string name="{html.escape(name)}">{html.escape(value)}</string>\n' for name, value in entries)
    return ("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n" + body + "</map>\n").encode()


def authy(accounts, password, options):
    tokens = []
    for index, a in enumerate(accounts):
        token = {"accountType": "authenticator", "digits": a["digits"], "originalIssuer": a["issuer"],
                 "originalName": f"{a['issuer']}:{a['name']}", "name": f"{a['issuer']}: {a['name']}",
                 "timestamp": 1608374963 + index, "id": str(1608374963 + index)}
        if "sealed" in options:
            salt = base64.b16encode(os.urandom(8)).decode()
            key = pbkdf2(password, salt.encode(), 1000, hashes.SHA1())
            token["encryptedSecret"] = base64.b64encode(cbc(key, a["secret"].encode())).decode()
            token["salt"] = salt
        else:
            token["decryptedSecret"] = a["secret"]
        tokens.append(token)
    return preferences([("com.authy.storage.tokens.authenticator.key", json.dumps(tokens))])


def totp_authenticator(accounts, password, options):
    entries = [{"base": 16, "digits": str(a["digits"]), "issuer": a["issuer"], "name": a["name"],
                "key": base64.b32decode(a["secret"] + "=" * (-len(a["secret"]) % 8)).hex().upper(),
                "period": str(a["period"]), "isFavorite": False} for a in accounts]
    text = json.dumps(entries)
    if "prefs" in options:
        return preferences([("SORT_ACCOUNT_BY", "CUSTOM"), ("STATIC_TOTP_CODES_LIST", text)])
    digest = hashes.Hash(hashes.SHA256())
    digest.update(password)
    return base64.b64encode(cbc(digest.finalize(), json.dumps({text: "1700000000"}).encode()))


def sqlite_file(schema, rows):
    import sqlite3
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "db")
        connection = sqlite3.connect(path)
        for statement in schema:
            connection.execute(statement)
        for statement, values in rows:
            connection.execute(statement, values)
        connection.commit()
        connection.close()
        with open(path, "rb") as file:
            return file.read()


def google_db(accounts, password, options):
    schema = ["CREATE TABLE android_metadata (locale TEXT)",
              "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, "
              "counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, "
              "original_name TEXT DEFAULT NULL)"]
    rows = [("INSERT INTO accounts (email, secret, counter, type, issuer, original_name) VALUES (?, ?, ?, ?, ?, ?)",
             (f"{a['issuer']}:{a['name']}", a["secret"], a["counter"], 1 if a["kind"] == "hotp" else 0, a["issuer"],
              f"{a['issuer']}:{a['name']}")) for a in accounts]
    return sqlite_file(schema, rows)


def microsoft_db(accounts, password, options):
    schema = ["CREATE TABLE `accounts` (`_id` INTEGER PRIMARY KEY AUTOINCREMENT, `name` TEXT NOT NULL, "
              "`username` TEXT NOT NULL, `oath_secret_key` TEXT NOT NULL, `account_type` INTEGER NOT NULL, "
              "`encrypted_oath_secret_key` TEXT NOT NULL)"]
    insert = "INSERT INTO accounts (name, username, oath_secret_key, account_type, encrypted_oath_secret_key) VALUES (?, ?, ?, ?, '')"
    rows = []
    for a in accounts:
        if a["digits"] == 8:
            secret = base64.b64encode(base64.b32decode(a["secret"] + "=" * (-len(a["secret"]) % 8))).decode()
            rows.append((insert, (a["issuer"], a["name"], secret, 1)))
        else:
            rows.append((insert, (a["issuer"], a["name"], a["secret"], 0)))
    rows.append((insert, ("Microsoft", "push-only@example.com", "", 2)))
    return sqlite_file(schema, rows)


def lastpass(accounts, password, options):
    """LastPass Authenticator's plain export, in the shape 2FAS's (LastPassData.swift) and
    Bitwarden Authenticator's (LastPassJsonExport) importers read: TOTP accounts only."""
    entries = [{"accountID": f"id{i}", "lmiUserId": "", "issuerName": a["issuer"], "originalIssuerName": a["issuer"],
                "userName": a["name"], "originalUserName": a["name"], "pushNotification": False, "secret": a["secret"],
                "timeStep": a["period"], "digits": a["digits"], "creationTimestamp": 1700000000000 + i,
                "isFavorite": i == 0, "algorithm": a["algorithm"], "folderData": {"folderId": 0, "position": i}}
               for i, a in enumerate(accounts) if a["kind"] == "totp"]
    return json.dumps({"deviceId": "", "deviceSecret": "", "localDeviceId": "", "deviceName": "", "version": 3,
                       "accounts": entries, "folders": [{"id": 0, "name": "Favorites", "isOpened": True}]}).encode()


def keepassxc_csv(accounts, password, options):
    """The CSV of `keepassxc-cli export --format csv` (KeePassXC 2.7's columns): every field
    quoted, the TOTP column an otpauth URI."""
    import csv, io
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created"])
    writer.writerow(["Root", "No TOTP here", "someone", "hunter2", "https://example.com", "", "", "0",
                     "2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z"])
    for a in accounts:
        writer.writerow(["Root/2FA", a["issuer"], a["name"], "", "", "a note, with \"quotes\"", uri(a), "0",
                         "2026-12-01T10:00:00Z", "2026-12-01T10:00:00Z"])
    return out.getvalue().encode()


def bitwarden_protected(accounts, password, options):
    """Bitwarden's password-protected JSON export ("kdf=argon2id" for its Argon2id variant,
    PBKDF2-SHA256 otherwise), as Bitwarden's clients describe it: the key from the password and
    the salt (Argon2id over the salt's SHA-256), stretched by HKDF-Expand into "enc" and "mac"
    keys; type-2 strings "2.iv|data|mac" of AES-256-CBC with HMAC-SHA-256 over iv and data."""
    import hashlib, hmac
    from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand
    salt = base64.b64encode(os.urandom(16)).decode()
    argon = options.get("kdf") == "argon2id"
    iterations = int(options.get("cost", 3 if argon else 5000))
    memory, lanes = 16, 1
    if argon:
        from argon2.low_level import Type, hash_secret_raw
        key = hash_secret_raw(password, hashlib.sha256(salt.encode()).digest(), time_cost=iterations,
                              memory_cost=memory * 1024, parallelism=lanes, hash_len=32, type=Type.ID)
    else:
        key = pbkdf2(password, salt.encode(), iterations, hashes.SHA256())
    enc = HKDFExpand(hashes.SHA256(), 32, b"enc").derive(key)
    mac = HKDFExpand(hashes.SHA256(), 32, b"mac").derive(key)

    def seal(plaintext):
        iv = os.urandom(16)
        padder = padding.PKCS7(128).padder()
        encryptor = Cipher(algorithms.AES(enc), modes.CBC(iv)).encryptor()
        data = encryptor.update(padder.update(plaintext) + padder.finalize()) + encryptor.finalize()
        tag = hmac.new(mac, iv + data, hashlib.sha256).digest()
        return "2." + "|".join(base64.b64encode(part).decode() for part in (iv, data, tag))

    items = [{"id": f"id{i}", "type": 1, "name": a["issuer"], "favorite": False,
              "login": {"username": a["name"], "password": None, "totp": uri(a)}} for i, a in enumerate(accounts)]
    inner = json.dumps({"encrypted": False, "folders": [], "items": items}).encode()
    export = {"encrypted": True, "passwordProtected": True, "salt": salt, "kdfType": 1 if argon else 0,
              "kdfIterations": iterations, "encKeyValidation_DO_NOT_EDIT": seal(os.urandom(16).hex().encode()),
              "data": seal(inner)}
    if argon:
        export["kdfMemory"], export["kdfParallelism"] = memory, lanes
    return json.dumps(export).encode()


def main():
    fmt, password = sys.argv[1], sys.argv[2].encode()
    options = {}
    for option in sys.argv[3:]:
        name, _, value = option.partition("=")
        options[name] = value
    accounts = json.load(sys.stdin)
    writers = {"2fas": two_fas, "andotp": andotp, "authpro": authpro, "ente": ente, "google-db": google_db,
               "microsoft-db": microsoft_db, "authy": authy, "totp-authenticator": totp_authenticator,
               "lastpass": lastpass, "keepassxc-csv": keepassxc_csv, "bitwarden-protected": bitwarden_protected}
    sys.stdout.buffer.write(writers[fmt](accounts, password, options))


if __name__ == "__main__":
    main()
