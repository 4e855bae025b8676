#ifndef OTTER_COPENSSL_SHIM_H
#define OTTER_COPENSSL_SHIM_H

// The low-level SHA-1/SHA-2 block functions are deprecated in OpenSSL 3.0 but still exported.
// Otter uses them on purpose: HMAC with precomputed inner/outer states costs exactly two
// compression-function calls per one-time code (see CryptoPrimitives/OpenSSL/HMAC+OpenSSL.swift).
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/opensslv.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

// OPENSSL_free is a macro (it passes __FILE__/__LINE__ to CRYPTO_free): Swift cannot call it.
static inline void otter_openssl_free(void *pointer) { OPENSSL_free(pointer); }

#endif
