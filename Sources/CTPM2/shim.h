// tpm2-tss's ESAPI (libtss2-esys), for the tpm2 key slot: a 32-byte secret sealed to the TPM
// under its owner hierarchy's standard storage key, optionally with an auth value (the PIN).
//
// ESAPI's structures are deep unions of fixed-size arrays that Swift imports as tuples, so the
// templates and the few calls of a seal and an unseal are here, each with one job; the Swift
// wrapper (`TPMSeal`) holds the order and the error handling. Every sensitive buffer these
// functions fill on the stack is cleansed before they return; ESAPI's own results are
// cleansed before Esys_Free.
//
// tpm2-tss is loaded with dlopen the first time a tpm2 slot is used, not linked (as libsecret,
// and for the same reason: most processes never need it). Its headers give the prototypes;
// OTTER_TSS(name) calls `name` through the pointer dlsym found.
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

static inline void **otter_tpm_handles(void) {
  static void *handles[4];
  return handles;
}

static inline void otter_tpm_open_libraries(void) {
  const char *libraries[4] = {"libtss2-esys.so.0", "libtss2-tctildr.so.0", "libtss2-mu.so.0", "libtss2-rc.so.0"};
  for (int index = 0; index < 4; index++) otter_tpm_handles()[index] = dlopen(libraries[index], RTLD_NOW | RTLD_LOCAL);
}

// The function `name` of tpm2-tss; the libraries are opened once, whichever thread asks first.
static inline void *otter_tpm_symbol(const char *name) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, otter_tpm_open_libraries);
  void **handles = otter_tpm_handles();
  for (int index = 0; index < 4; index++) {
    void *found = handles[index] ? dlsym(handles[index], name) : NULL;
    if (found) return found;
  }
  return NULL;
}

#define OTTER_TSS(name) ((__typeof__(&name))otter_tpm_symbol(#name))

// Whether tpm2-tss could be loaded with every function Otter calls.
static inline int otter_tpm_load(void) {
  static const char *names[] = {"Tss2_TctiLdr_Initialize", "Tss2_TctiLdr_Finalize", "Esys_Initialize", "Esys_Finalize",
                                "Esys_CreatePrimary", "Esys_StartAuthSession", "Esys_TRSess_SetAttributes",
                                "Esys_Create", "Esys_Load", "Esys_TR_SetAuth", "Esys_Unseal", "Esys_FlushContext",
                                "Esys_Free", "Tss2_MU_TPM2B_PRIVATE_Marshal", "Tss2_MU_TPM2B_PUBLIC_Marshal",
                                "Tss2_MU_TPM2B_PRIVATE_Unmarshal", "Tss2_MU_TPM2B_PUBLIC_Unmarshal", "Tss2_RC_Decode"};
  for (size_t index = 0; index < sizeof names / sizeof *names; index++)
    if (!otter_tpm_symbol(names[index])) return 0;
  return 1;
}

static inline const char *otter_tpm_decode(TSS2_RC rc) { return OTTER_TSS(Tss2_RC_Decode)(rc); }

static inline void otter_tpm_cleanse(void *pointer, size_t size) {
  volatile unsigned char *bytes = (volatile unsigned char *)pointer;
  while (size--) *bytes++ = 0;
}

// Opens the TCTI `conf` names (NULL: tpm2-tss's default, /dev/tpmrm0 first) and an ESAPI
// context on it. tpm2-tss logs its failures to stderr unless TSS2_LOG says otherwise: a
// machine without a TPM is no error worth a line, so logging is off unless the user set it.
static inline TSS2_RC otter_tpm_open(const char *conf, ESYS_CONTEXT **context, TSS2_TCTI_CONTEXT **tcti) {
  setenv("TSS2_LOG", "all+NONE", 0);
  TSS2_RC rc = OTTER_TSS(Tss2_TctiLdr_Initialize)(conf, tcti);
  if (rc != TSS2_RC_SUCCESS) return rc;
  rc = OTTER_TSS(Esys_Initialize)(context, *tcti, NULL);
  if (rc != TSS2_RC_SUCCESS) OTTER_TSS(Tss2_TctiLdr_Finalize)(tcti);
  return rc;
}

static inline void otter_tpm_close(ESYS_CONTEXT **context, TSS2_TCTI_CONTEXT **tcti) {
  if (*context) OTTER_TSS(Esys_Finalize)(context);
  if (*tcti) OTTER_TSS(Tss2_TctiLdr_Finalize)(tcti);
}

// The TCG's standard storage root key template (ECC P-256, AES-128-CFB): the same template
// gives the same key from the same TPM's owner seed every time, so nothing is persisted in the
// TPM, and another TPM (another seed) cannot load what this one sealed.
static inline TSS2_RC otter_tpm_primary(ESYS_CONTEXT *context, ESYS_TR *primary) {
  TPM2B_SENSITIVE_CREATE sensitive = {0};
  TPM2B_PUBLIC template = {0};
  template.publicArea.type = TPM2_ALG_ECC;
  template.publicArea.nameAlg = TPM2_ALG_SHA256;
  template.publicArea.objectAttributes = TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT | TPMA_OBJECT_FIXEDTPM |
                                         TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
                                         TPMA_OBJECT_USERWITHAUTH;
  template.publicArea.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
  template.publicArea.parameters.eccDetail.symmetric.keyBits.aes = 128;
  template.publicArea.parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
  template.publicArea.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
  template.publicArea.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
  template.publicArea.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
  TPM2B_DATA outside = {0};
  TPML_PCR_SELECTION pcrs = {0};
  return OTTER_TSS(Esys_CreatePrimary)(context, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive,
                            &template, &outside, &pcrs, primary, NULL, NULL, NULL, NULL);
}

// A salted HMAC session on the primary key; seal and unseal turn its parameter encryption on:
// the secret and the PIN going in (Create) and the secret coming out (Unseal) never cross the
// bus in the clear, and the PIN is never sent as a plain password.
static inline TSS2_RC otter_tpm_session(ESYS_CONTEXT *context, ESYS_TR primary, ESYS_TR *session) {
  TPMT_SYM_DEF symmetric = {.algorithm = TPM2_ALG_AES, .keyBits = {.aes = 128}, .mode = {.aes = TPM2_ALG_CFB}};
  TSS2_RC rc = OTTER_TSS(Esys_StartAuthSession)(context, primary, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, NULL,
                                     TPM2_SE_HMAC, &symmetric, TPM2_ALG_SHA256, session);
  return rc;
}

// Seals `secret` (at most 128 bytes) under `primary`, with `auth` (at most 32 bytes; 0 for
// none) as the object's auth value. Without one the object is exempt from dictionary-attack
// lockout (there is nothing to guess); with one, every wrong try counts. The blobs are
// marshalled into `private_out`/`public_out` (each at most 1024 bytes).
static inline TSS2_RC otter_tpm_seal(ESYS_CONTEXT *context, ESYS_TR primary, ESYS_TR session, const uint8_t *secret,
                                     size_t secret_size, const uint8_t *auth, size_t auth_size, uint8_t *private_out,
                                     size_t *private_size, uint8_t *public_out, size_t *public_size) {
  if (secret_size > sizeof(((TPM2B_SENSITIVE_DATA *)0)->buffer) || auth_size > 32) return TSS2_ESYS_RC_BAD_VALUE;
  TPM2B_SENSITIVE_CREATE sensitive = {0};
  memcpy(sensitive.sensitive.data.buffer, secret, secret_size);
  sensitive.sensitive.data.size = (UINT16)secret_size;
  if (auth_size) memcpy(sensitive.sensitive.userAuth.buffer, auth, auth_size);
  sensitive.sensitive.userAuth.size = (UINT16)auth_size;
  TPM2B_PUBLIC template = {0};
  template.publicArea.type = TPM2_ALG_KEYEDHASH;
  template.publicArea.nameAlg = TPM2_ALG_SHA256;
  template.publicArea.objectAttributes =
      TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_USERWITHAUTH | (auth_size ? 0 : TPMA_OBJECT_NODA);
  template.publicArea.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
  TPM2B_DATA outside = {0};
  TPML_PCR_SELECTION pcrs = {0};
  TPM2B_PRIVATE *sealed_private = NULL;
  TPM2B_PUBLIC *sealed_public = NULL;
  TSS2_RC rc = OTTER_TSS(Esys_TRSess_SetAttributes)(
      context, session, TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT, 0xff);
  if (rc == TSS2_RC_SUCCESS)
    rc = OTTER_TSS(Esys_Create)(context, primary, session, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive, &template, &outside,
                           &pcrs, &sealed_private, &sealed_public, NULL, NULL, NULL);
  otter_tpm_cleanse(&sensitive, sizeof sensitive);
  if (rc == TSS2_RC_SUCCESS) {
    size_t offset = 0;
    rc = OTTER_TSS(Tss2_MU_TPM2B_PRIVATE_Marshal)(sealed_private, private_out, 1024, &offset);
    *private_size = offset;
    offset = 0;
    if (rc == TSS2_RC_SUCCESS) rc = OTTER_TSS(Tss2_MU_TPM2B_PUBLIC_Marshal)(sealed_public, public_out, 1024, &offset);
    *public_size = offset;
  }
  OTTER_TSS(Esys_Free)(sealed_private);
  OTTER_TSS(Esys_Free)(sealed_public);
  return rc;
}

// Loads the sealed blobs under `primary` and unseals them with `auth` as the object's auth
// value; the secret goes to `secret_out` (at most 128 bytes).
static inline TSS2_RC otter_tpm_unseal(ESYS_CONTEXT *context, ESYS_TR primary, ESYS_TR session,
                                       const uint8_t *private_in, size_t private_size, const uint8_t *public_in,
                                       size_t public_size, const uint8_t *auth, size_t auth_size,
                                       uint8_t *secret_out, size_t *secret_size) {
  if (auth_size > 32) return TSS2_ESYS_RC_BAD_VALUE;
  TPM2B_PRIVATE sealed_private = {0};
  TPM2B_PUBLIC sealed_public = {0};
  size_t offset = 0;
  TSS2_RC rc = OTTER_TSS(Tss2_MU_TPM2B_PRIVATE_Unmarshal)(private_in, private_size, &offset, &sealed_private);
  if (rc != TSS2_RC_SUCCESS) return rc;
  if (offset != private_size) return TSS2_MU_RC_BAD_SIZE;
  offset = 0;
  rc = OTTER_TSS(Tss2_MU_TPM2B_PUBLIC_Unmarshal)(public_in, public_size, &offset, &sealed_public);
  if (rc != TSS2_RC_SUCCESS) return rc;
  if (offset != public_size) return TSS2_MU_RC_BAD_SIZE;
  ESYS_TR object = ESYS_TR_NONE;
  rc = OTTER_TSS(Esys_Load)(context, primary, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &sealed_private, &sealed_public,
                 &object);
  if (rc != TSS2_RC_SUCCESS) return rc;
  TPM2B_AUTH value = {0};
  if (auth_size) memcpy(value.buffer, auth, auth_size);
  value.size = (UINT16)auth_size;
  rc = OTTER_TSS(Esys_TR_SetAuth)(context, object, &value);
  otter_tpm_cleanse(&value, sizeof value);
  TPM2B_SENSITIVE_DATA *data = NULL;
  if (rc == TSS2_RC_SUCCESS)
    rc = OTTER_TSS(Esys_TRSess_SetAttributes)(context, session, TPMA_SESSION_CONTINUESESSION | TPMA_SESSION_ENCRYPT, 0xff);
  if (rc == TSS2_RC_SUCCESS) rc = OTTER_TSS(Esys_Unseal)(context, object, session, ESYS_TR_NONE, ESYS_TR_NONE, &data);
  if (rc == TSS2_RC_SUCCESS) {
    if (data->size > 128) {
      rc = TSS2_ESYS_RC_BAD_VALUE;
    } else {
      memcpy(secret_out, data->buffer, data->size);
      *secret_size = data->size;
    }
  }
  if (data) {
    otter_tpm_cleanse(data, sizeof *data);
    OTTER_TSS(Esys_Free)(data);
  }
  OTTER_TSS(Esys_FlushContext)(context, object);
  return rc;
}

static inline void otter_tpm_flush(ESYS_CONTEXT *context, ESYS_TR handle) {
  if (handle != ESYS_TR_NONE) OTTER_TSS(Esys_FlushContext)(context, handle);
}

// The TPM's response code without the handle, session or parameter number it names.
static inline TSS2_RC otter_tpm_base_code(TSS2_RC rc) {
  if ((rc & 0xFFFF0000u) != 0) return rc;  // not the TPM's own: a TSS layer's code
  return (rc & TPM2_RC_FMT1) ? (rc & 0xBFu) : rc;
}

static inline int otter_tpm_is_auth_failure(TSS2_RC rc) {
  TSS2_RC base = otter_tpm_base_code(rc);
  return base == TPM2_RC_AUTH_FAIL || base == TPM2_RC_BAD_AUTH;
}

static inline int otter_tpm_is_lockout(TSS2_RC rc) { return otter_tpm_base_code(rc) == TPM2_RC_LOCKOUT; }

static inline int otter_tpm_is_integrity(TSS2_RC rc) { return otter_tpm_base_code(rc) == TPM2_RC_INTEGRITY; }
