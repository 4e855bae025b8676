// libfido2, for the fido2 key slot: a credential made with the hmac-secret extension, and
// hmac-secret(salt) asked of it later. The calls of one make-credential and one assertion are
// here, each with one job, so the Swift wrapper (`FIDO2Secret`) holds no libfido2 object.
//
// Besides the system's HID devices, a device can be a Unix stream socket carrying 64-byte HID
// reports (`otter_fido_socket_io`): libfido2's documented custom I/O
// (fido_dev_set_io_functions), through which the tests reach an authenticator written for
// them, so every libfido2 call Otter makes runs as it would with a key.
//
// libfido2 is loaded with dlopen the first time a fido2 slot is used, not linked (as libsecret,
// for the same reason: it brings libcbor and libudev into every process otherwise). Its header
// gives the prototypes; OTTER_FIDO(name) calls `name` through the pointer dlsym found.
#include <dlfcn.h>
#include <errno.h>
#include <fido.h>
#include <pthread.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static inline void **otter_fido_handle(void) {
  static void *handle;
  return &handle;
}

static inline void otter_fido_open_library(void) { *otter_fido_handle() = dlopen("libfido2.so.1", RTLD_NOW | RTLD_LOCAL); }

// The function `name` of libfido2; the library is opened once, whichever thread asks first.
static inline void *otter_fido_symbol(const char *name) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, otter_fido_open_library);
  return *otter_fido_handle() ? dlsym(*otter_fido_handle(), name) : NULL;
}

#define OTTER_FIDO(name) ((__typeof__(&name))otter_fido_symbol(#name))

// Whether libfido2 could be loaded with every function Otter calls.
static inline int otter_fido_load(void) {
  static const char *names[] = {
      "fido_init", "fido_dev_new", "fido_dev_set_io_functions", "fido_dev_open", "fido_dev_close", "fido_dev_free",
      "fido_dev_info_new", "fido_dev_info_manifest", "fido_dev_info_ptr", "fido_dev_info_path", "fido_dev_info_free",
      "fido_cred_new", "fido_cred_set_type", "fido_cred_set_clientdata_hash", "fido_cred_set_rp", "fido_cred_set_user",
      "fido_cred_set_extensions", "fido_cred_set_rk", "fido_dev_make_cred", "fido_cred_id_len", "fido_cred_id_ptr",
      "fido_cred_free", "fido_assert_new", "fido_assert_set_clientdata_hash", "fido_assert_set_rp",
      "fido_assert_allow_cred", "fido_assert_set_extensions", "fido_assert_set_hmac_salt", "fido_assert_set_up",
      "fido_dev_get_assert", "fido_assert_count", "fido_assert_hmac_secret_len", "fido_assert_hmac_secret_ptr",
      "fido_assert_free", "fido_strerr"};
  for (size_t index = 0; index < sizeof names / sizeof *names; index++)
    if (!otter_fido_symbol(names[index])) return 0;
  return 1;
}

static inline const char *otter_fido_message(int rc) { return OTTER_FIDO(fido_strerr)(rc); }

static inline void otter_fido_cleanse(void *pointer, size_t size) {
  volatile unsigned char *bytes = (volatile unsigned char *)pointer;
  while (size--) *bytes++ = 0;
}

static inline void *otter_fido_socket_open(const char *path) {
  int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return NULL;
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  if (strlen(path) >= sizeof address.sun_path) {
    close(fd);
    return NULL;
  }
  strcpy(address.sun_path, path);
  if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
    close(fd);
    return NULL;
  }
  int *handle = malloc(sizeof(int));
  if (!handle) {
    close(fd);
    return NULL;
  }
  *handle = fd;
  return handle;
}

static inline void otter_fido_socket_close(void *handle) {
  close(*(int *)handle);
  free(handle);
}

// One report: exactly `size` bytes, waiting at most `ms` milliseconds (-1: no limit) for each.
static inline int otter_fido_socket_read(void *handle, unsigned char *buffer, size_t size, int ms) {
  int fd = *(int *)handle;
  size_t done = 0;
  while (done < size) {
    struct pollfd poller = {.fd = fd, .events = POLLIN};
    int ready = poll(&poller, 1, ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return -1;
    ssize_t got = recv(fd, buffer + done, size - done, 0);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return -1;
    done += (size_t)got;
  }
  return (int)done;
}

// One report: libfido2 gives the report id (0) first, which a socket does not carry.
static inline int otter_fido_socket_write(void *handle, const unsigned char *buffer, size_t size) {
  int fd = *(int *)handle;
  if (size < 1) return -1;
  size_t done = 1;
  while (done < size) {
    ssize_t sent = send(fd, buffer + done, size - done, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return -1;
    done += (size_t)sent;
  }
  return (int)size;
}

// Opens the device at `path`: a HID device, or with `is_socket` a report socket.
static inline int otter_fido_open(const char *path, int is_socket, fido_dev_t **device) {
  OTTER_FIDO(fido_init)(0);
  *device = OTTER_FIDO(fido_dev_new)();
  if (!*device) return FIDO_ERR_INTERNAL;
  if (is_socket) {
    static const fido_dev_io_t io = {otter_fido_socket_open, otter_fido_socket_close, otter_fido_socket_read,
                                     otter_fido_socket_write};
    int rc = OTTER_FIDO(fido_dev_set_io_functions)(*device, &io);
    if (rc != FIDO_OK) return rc;
  }
  return OTTER_FIDO(fido_dev_open)(*device, path);
}

static inline void otter_fido_close(fido_dev_t **device) {
  if (*device) {
    OTTER_FIDO(fido_dev_close)(*device);
    OTTER_FIDO(fido_dev_free)(device);
  }
}

// The paths of up to `limit` HID FIDO devices, each NUL-terminated in `paths` (size bytes).
static inline int otter_fido_devices(char *paths, size_t size, size_t limit) {
  OTTER_FIDO(fido_init)(0);
  fido_dev_info_t *list = OTTER_FIDO(fido_dev_info_new)(limit);
  if (!list) return 0;
  size_t found = 0;
  int count = 0;
  size_t used = 0;
  if (OTTER_FIDO(fido_dev_info_manifest)(list, limit, &found) == FIDO_OK) {
    for (size_t index = 0; index < found; index++) {
      const char *path = OTTER_FIDO(fido_dev_info_path)(OTTER_FIDO(fido_dev_info_ptr)(list, index));
      size_t length = path ? strlen(path) + 1 : 0;
      if (!path || used + length > size) continue;
      memcpy(paths + used, path, length);
      used += length;
      count++;
    }
  }
  OTTER_FIDO(fido_dev_info_free)(&list, limit);
  return count;
}

// Makes a credential for relying party "otter", not resident, with hmac-secret; its id goes to
// `id_out` (at most 1024 bytes).
static inline int otter_fido_make_credential(fido_dev_t *device, const char *pin, const unsigned char *client_hash,
                                             const unsigned char *user_id, size_t user_id_size,
                                             unsigned char *id_out, size_t *id_size) {
  fido_cred_t *credential = OTTER_FIDO(fido_cred_new)();
  if (!credential) return FIDO_ERR_INTERNAL;
  int rc = OTTER_FIDO(fido_cred_set_type)(credential, COSE_ES256);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_cred_set_clientdata_hash)(credential, client_hash, 32);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_cred_set_rp)(credential, "otter", "Otter");
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_cred_set_user)(credential, user_id, user_id_size, "otter", "Otter vault", NULL);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_cred_set_extensions)(credential, FIDO_EXT_HMAC_SECRET);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_cred_set_rk)(credential, FIDO_OPT_OMIT);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_dev_make_cred)(device, credential, pin);
  if (rc == FIDO_OK) {
    size_t length = OTTER_FIDO(fido_cred_id_len)(credential);
    if (length == 0 || length > 1024) {
      rc = FIDO_ERR_INTERNAL;
    } else {
      memcpy(id_out, OTTER_FIDO(fido_cred_id_ptr)(credential), length);
      *id_size = length;
    }
  }
  OTTER_FIDO(fido_cred_free)(&credential);
  return rc;
}

// hmac-secret(salt) of the credential `id` (32 bytes to `secret_out`): a touch, and `pin`
// when given (the device then computes it with user verification).
static inline int otter_fido_hmac_secret(fido_dev_t *device, const char *pin, const unsigned char *client_hash,
                                         const unsigned char *id, size_t id_size, const unsigned char *salt,
                                         unsigned char *secret_out) {
  fido_assert_t *assertion = OTTER_FIDO(fido_assert_new)();
  if (!assertion) return FIDO_ERR_INTERNAL;
  int rc = OTTER_FIDO(fido_assert_set_clientdata_hash)(assertion, client_hash, 32);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_assert_set_rp)(assertion, "otter");
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_assert_allow_cred)(assertion, id, id_size);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_assert_set_extensions)(assertion, FIDO_EXT_HMAC_SECRET);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_assert_set_hmac_salt)(assertion, salt, 32);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_assert_set_up)(assertion, FIDO_OPT_TRUE);
  if (rc == FIDO_OK) rc = OTTER_FIDO(fido_dev_get_assert)(device, assertion, pin);
  if (rc == FIDO_OK) {
    if (OTTER_FIDO(fido_assert_count)(assertion) != 1 || OTTER_FIDO(fido_assert_hmac_secret_len)(assertion, 0) != 32) {
      rc = FIDO_ERR_INVALID_CREDENTIAL;
    } else {
      memcpy(secret_out, OTTER_FIDO(fido_assert_hmac_secret_ptr)(assertion, 0), 32);
    }
  }
  // libfido2 cleanses the hmac-secret it holds when the assertion is freed.
  OTTER_FIDO(fido_assert_free)(&assertion);
  return rc;
}
