#!/usr/bin/python3
"""A FIDO2 authenticator written for Otter's tests, so libfido2's real calls can run here.

No security key can be plugged into CI, and Linux's uhid (a virtual HID device) is not
available in containers. libfido2 instead lets a program give it its own I/O functions
(fido_dev_set_io_functions); Otter's CFIDO2 shim passes the 64-byte HID reports over a Unix
stream socket, and this program answers them as a key would:

- CTAPHID framing (RFC-less, as the CTAP 2.0 specification's section 8.1 describes): INIT on
  the broadcast channel, CBOR, PING, CANCEL; messages split into init and continuation frames.
- CTAP2 authenticatorGetInfo, authenticatorMakeCredential (ES256, "packed" self attestation,
  the hmac-secret extension), authenticatorGetAssertion (the allow list, the hmac-secret
  extension with PIN protocol 1: ECDH P-256, SHA-256 of the shared x, AES-256-CBC with a zero
  IV, HMAC-SHA-256 first 16 bytes) and authenticatorClientPIN (getRetries, getKeyAgreement,
  getPINToken), over Python's cryptography (OpenSSL) and cbor2.
- Every request is "touched" at once. `--pin PIN` sets a PIN (the key then asks it for
  makeCredential); `--no-hmac-secret` leaves the extension out of getInfo and refuses it.

Usage: fido2_authenticator.py SOCKET [--pin PIN] [--no-hmac-secret]
It serves one connection after another until killed; its credentials live in its memory only, so
another process is another key.
"""
import hashlib
import hmac
import os
import socket
import struct
import sys

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

REPORT = 64
BROADCAST = 0xFFFFFFFF
CMD_PING, CMD_MSG, CMD_INIT, CMD_CBOR, CMD_CANCEL, CMD_ERROR = 0x01, 0x03, 0x06, 0x10, 0x11, 0x3F
OK, INVALID_PARAMETER, PIN_INVALID, PIN_BLOCKED, PIN_AUTH_INVALID, PIN_REQUIRED = 0x00, 0x02, 0x31, 0x32, 0x33, 0x36
NO_CREDENTIALS, UNSUPPORTED_EXTENSION, INVALID_COMMAND = 0x2E, 0x16, 0x01


def cose_key(public, algorithm):
    numbers = public.public_numbers()
    return {1: 2, 3: algorithm, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}


def public_from_cose(key):
    x = int.from_bytes(key[-2], "big")
    y = int.from_bytes(key[-3], "big")
    return ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()


def aes(key, data, encrypt):
    cipher = Cipher(algorithms.AES(key), modes.CBC(bytes(16)))
    worker = cipher.encryptor() if encrypt else cipher.decryptor()
    return worker.update(data) + worker.finalize()


class Authenticator:
    def __init__(self, pin, hmac_secret):
        self.pin_hash = hashlib.sha256(pin.encode()).digest()[:16] if pin else None
        self.retries = 8
        self.hmac_secret = hmac_secret
        self.aaguid = os.urandom(16)
        self.credentials = {}
        self.counter = 0
        self.pin_token = os.urandom(32)
        self.new_key_agreement()

    def new_key_agreement(self):
        self.key_agreement = ec.generate_private_key(ec.SECP256R1())

    def shared_secret(self, platform_key):
        x = self.key_agreement.exchange(ec.ECDH(), public_from_cose(platform_key))
        return hashlib.sha256(x).digest()

    def get_info(self):
        options = {"rk": False, "up": True, "plat": False}
        if self.pin_hash is not None:
            options["clientPin"] = True
        info = {1: ["FIDO_2_0"], 3: self.aaguid, 4: options, 5: 1200, 6: [1]}
        if self.hmac_secret:
            info[2] = ["hmac-secret"]
        return OK, info

    def client_pin(self, request):
        sub = request.get(2)
        if sub == 1:
            return OK, {3: self.retries}
        if sub == 2:
            return OK, {1: cose_key(self.key_agreement.public_key(), -25)}
        if sub == 5:
            if self.pin_hash is None:
                return 0x35, None
            if self.retries == 0:
                return PIN_BLOCKED, None
            shared = self.shared_secret(request[3])
            given = aes(shared, request[6], False)
            if not hmac.compare_digest(given, self.pin_hash):
                self.retries -= 1
                self.new_key_agreement()
                return (PIN_BLOCKED if self.retries == 0 else PIN_INVALID), None
            self.retries = 8
            return OK, {2: aes(shared, self.pin_token, True)}
        return INVALID_PARAMETER, None

    def verified(self, request, hash_key, auth_key):
        """None when no PIN was given; True or False for a pinAuth over the client data hash."""
        auth = request.get(auth_key)
        if auth is None:
            return None
        expected = hmac.new(self.pin_token, request[hash_key], hashlib.sha256).digest()[:16]
        return hmac.compare_digest(auth, expected)

    def make_credential(self, request):
        uv = self.verified(request, 1, 8)
        if uv is False:
            return PIN_AUTH_INVALID, None
        if uv is None and self.pin_hash is not None:
            return PIN_REQUIRED, None
        extensions = request.get(6) or {}
        if extensions.get("hmac-secret") and not self.hmac_secret:
            return UNSUPPORTED_EXTENSION, None
        rp_id = request[2]["id"]
        key = ec.generate_private_key(ec.SECP256R1())
        credential_id = os.urandom(48)
        self.credentials[credential_id] = (rp_id, key, os.urandom(32), os.urandom(32))
        self.counter += 1
        flags = 0x01 | 0x40 | (0x04 if uv else 0)
        ext = b""
        if extensions.get("hmac-secret"):
            flags |= 0x80
            ext = cbor2.dumps({"hmac-secret": True}, canonical=True)
        auth_data = (hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", self.counter)
                     + self.aaguid + struct.pack(">H", len(credential_id)) + credential_id
                     + cbor2.dumps(cose_key(key.public_key(), -7), canonical=True) + ext)
        signature = key.sign(auth_data + request[1], ec.ECDSA(hashes.SHA256()))
        return OK, {1: "packed", 2: auth_data, 3: {"alg": -7, "sig": signature}}

    def get_assertion(self, request):
        uv = self.verified(request, 2, 6)
        if uv is False:
            return PIN_AUTH_INVALID, None
        rp_id = request[1]
        found = None
        for allowed in request.get(3) or []:
            stored = self.credentials.get(allowed["id"])
            if stored and stored[0] == rp_id:
                found = (allowed["id"], stored)
                break
        if found is None:
            return NO_CREDENTIALS, None
        credential_id, (_, key, random_uv, random_plain) = found
        flags = 0x01 | (0x04 if uv else 0)
        ext = b""
        request_ext = (request.get(4) or {}).get("hmac-secret")
        if request_ext is not None:
            if not self.hmac_secret:
                return UNSUPPORTED_EXTENSION, None
            shared = self.shared_secret(request_ext[1])
            salt_enc, salt_auth = request_ext[2], request_ext[3]
            if not hmac.compare_digest(hmac.new(shared, salt_enc, hashlib.sha256).digest()[:16], salt_auth):
                return INVALID_PARAMETER, None
            salt = aes(shared, salt_enc, False)
            random = random_uv if uv else random_plain
            output = b"".join(hmac.new(random, salt[i:i + 32], hashlib.sha256).digest()
                              for i in range(0, len(salt), 32))
            flags |= 0x80
            ext = cbor2.dumps({"hmac-secret": aes(shared, output, True)}, canonical=True)
        self.counter += 1
        auth_data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", self.counter) + ext
        signature = key.sign(auth_data + request[2], ec.ECDSA(hashes.SHA256()))
        return OK, {1: {"id": credential_id, "type": "public-key"}, 2: auth_data, 3: signature}

    def cbor(self, payload):
        command, body = payload[0], payload[1:]
        request = cbor2.loads(body) if body else {}
        handler = {0x01: self.make_credential, 0x02: self.get_assertion, 0x06: self.client_pin}.get(command)
        if command == 0x04:
            status, reply = self.get_info()
        elif handler is None:
            status, reply = INVALID_COMMAND, None
        else:
            status, reply = handler(request)
        return bytes([status]) + (cbor2.dumps(reply, canonical=True) if reply is not None else b"")


def receive(connection, size):
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_message(connection):
    frame = receive(connection, REPORT)
    if frame is None:
        return None
    cid = struct.unpack(">I", frame[:4])[0]
    command = frame[4] & 0x7F
    length = frame[5] << 8 | frame[6]
    data = frame[7:7 + min(length, REPORT - 7)]
    while len(data) < length:
        frame = receive(connection, REPORT)
        if frame is None:
            return None
        data += frame[5:5 + min(length - len(data), REPORT - 5)]
    return cid, command, data


def send_message(connection, cid, command, data):
    head = struct.pack(">IBH", cid, 0x80 | command, len(data)) + data[:REPORT - 7]
    frames = [head]
    rest, sequence = data[REPORT - 7:], 0
    while rest:
        frames.append(struct.pack(">IB", cid, sequence) + rest[:REPORT - 5])
        rest, sequence = rest[REPORT - 5:], sequence + 1
    for frame in frames:
        connection.sendall(frame.ljust(REPORT, b"\0"))


def serve(path, authenticator):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(4)
    print("ready", flush=True)
    while True:
        connection, _ = listener.accept()
        channel = None
        with connection:
            while (message := read_message(connection)) is not None:
                cid, command, data = message
                if command == CMD_INIT and cid == BROADCAST:
                    channel = struct.unpack(">I", os.urandom(4))[0] & 0x7FFFFFFF or 1
                    send_message(connection, BROADCAST, CMD_INIT,
                                 data[:8] + struct.pack(">I", channel) + bytes([2, 1, 0, 0, 0x04 | 0x08]))
                elif cid != channel:
                    send_message(connection, cid, CMD_ERROR, bytes([0x0B]))
                elif command == CMD_PING:
                    send_message(connection, cid, CMD_PING, data)
                elif command == CMD_CBOR:
                    send_message(connection, cid, CMD_CBOR, authenticator.cbor(data))
                elif command == CMD_CANCEL:
                    continue
                else:
                    send_message(connection, cid, CMD_ERROR, bytes([0x01]))


def main(arguments):
    path = arguments[0]
    pin = arguments[arguments.index("--pin") + 1] if "--pin" in arguments else None
    serve(path, Authenticator(pin, "--no-hmac-secret" not in arguments))


if __name__ == "__main__":
    main(sys.argv[1:])
