#ifndef OTTER_CARGON2_SHIM_H
#define OTTER_CARGON2_SHIM_H

// libargon2, the Argon2 reference implementation: Argon2id with any number of lanes
// (Authenticator Pro uses 4; libsodium's crypto_pwhash only 1), which OpenSSL 3.0 does not
// have. Only CryptoPrimitives/Argon2/ imports this module.
#include <argon2.h>

#endif
