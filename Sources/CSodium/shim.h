#ifndef OTTER_CSODIUM_SHIM_H
#define OTTER_CSODIUM_SHIM_H

// libsodium: XChaCha20-Poly1305 (the secretstream construction ente Auth's encrypted export
// uses), which OpenSSL 3.0 does not have. Only CryptoPrimitives/Sodium/ imports this module.
#include <sodium.h>

// The secretstream sizes are macros over functions; these give them as plain values.
static inline unsigned long otter_secretstream_header_bytes(void) { return crypto_secretstream_xchacha20poly1305_HEADERBYTES; }
static inline unsigned long otter_secretstream_key_bytes(void) { return crypto_secretstream_xchacha20poly1305_KEYBYTES; }
static inline unsigned long otter_secretstream_overhead(void) { return crypto_secretstream_xchacha20poly1305_ABYTES; }
static inline unsigned char otter_secretstream_tag_final(void) { return crypto_secretstream_xchacha20poly1305_TAG_FINAL; }

#endif
