// libsecret, the freedesktop Secret Service (GNOME Keyring, KWallet, KeePassXC): the keyring
// slot keeps a random key there. libsecret's password calls are variadic (attribute names and
// values, then NULL), which Swift cannot call, and its schema is a C struct: both are here.
//
// libsecret is loaded with dlopen the first time a keyring slot is used, not linked: it brings
// GLib, GIO and libgcrypt, whose loading and constructors cost every otter process about a
// millisecond and a half (benchmarks/startup.sh), and most vaults have no keyring slot. A
// machine without libsecret then has no keyring route, said as such.
//
// For the same reason the few types Otter passes are declared here rather than included:
// libsecret's headers need GLib's include paths, which only its pkg-config file gives, and a
// pkg-config module makes SwiftPM link every library it names. These are libsecret 0.20's and
// GLib 2's public structures (secret-schema.h, gerror.h), unchanged since libsecret 0.7;
// SlotSourcesTests checks them against the real GNOME Keyring and secret-tool.
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

typedef char gchar;
typedef int gint;
typedef gint gboolean;
typedef void *gpointer;
typedef unsigned int GQuark;
typedef struct _GCancellable GCancellable;

typedef struct {
  GQuark domain;
  gint code;
  gchar *message;
} GError;

typedef enum { SECRET_SCHEMA_ATTRIBUTE_STRING = 0 } SecretSchemaAttributeType;
typedef enum { SECRET_SCHEMA_NONE = 0 } SecretSchemaFlags;

typedef struct {
  const gchar *name;
  SecretSchemaAttributeType type;
} SecretSchemaAttribute;

typedef struct {
  const gchar *name;
  SecretSchemaFlags flags;
  SecretSchemaAttribute attributes[32];
  gint reserved;
  gpointer reserved1;
  gpointer reserved2;
  gpointer reserved3;
  gpointer reserved4;
  gpointer reserved5;
  gpointer reserved6;
  gpointer reserved7;
} SecretSchema;

#define SECRET_COLLECTION_DEFAULT "default"

typedef gboolean (*otter_secret_store_function)(const SecretSchema *schema, const gchar *collection, const gchar *label,
                                                const gchar *password, GCancellable *cancellable, GError **error, ...);
typedef gchar *(*otter_secret_lookup_function)(const SecretSchema *schema, GCancellable *cancellable, GError **error,
                                               ...);
typedef gboolean (*otter_secret_clear_function)(const SecretSchema *schema, GCancellable *cancellable, GError **error,
                                                ...);
typedef void (*otter_secret_free_function)(gchar *password);
typedef void (*otter_error_free_function)(GError *error);

static const SecretSchema *otter_secret_schema(void) {
  static const SecretSchema schema = {"org.otter.VaultKey",
                                      SECRET_SCHEMA_NONE,
                                      {{"vault", SECRET_SCHEMA_ATTRIBUTE_STRING},
                                       {"slot", SECRET_SCHEMA_ATTRIBUTE_STRING},
                                       {NULL, 0}}};
  return &schema;
}

// The functions used, resolved once from libsecret-1.so.0 (GLib's come with it). A static
// inside a function: Swift's importer emits the functions of a header, not its variables.
struct otter_secret_functions {
  int ready;
  otter_secret_store_function store;
  otter_secret_lookup_function lookup;
  otter_secret_clear_function clear;
  otter_secret_free_function free_password;
  otter_error_free_function free_error;
};

static inline struct otter_secret_functions *otter_secret_library(void) {
  static struct otter_secret_functions functions;
  return &functions;
}

static inline void otter_secret_open_library(void) {
  struct otter_secret_functions *functions = otter_secret_library();
  void *handle = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!handle) return;
  functions->store = (otter_secret_store_function)dlsym(handle, "secret_password_store_sync");
  functions->lookup = (otter_secret_lookup_function)dlsym(handle, "secret_password_lookup_sync");
  functions->clear = (otter_secret_clear_function)dlsym(handle, "secret_password_clear_sync");
  functions->free_password = (otter_secret_free_function)dlsym(handle, "secret_password_free");
  functions->free_error = (otter_error_free_function)dlsym(handle, "g_error_free");
  functions->ready = functions->store && functions->lookup && functions->clear && functions->free_password &&
                     functions->free_error;
}

// Whether libsecret could be loaded (with every function Otter calls); it is opened once,
// whichever thread asks first.
static inline int otter_secret_load(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, otter_secret_open_library);
  return otter_secret_library()->ready;
}

static inline gboolean otter_secret_store(const char *vault, const char *slot, const char *label, const char *secret,
                                          GError **error) {
  return otter_secret_library()->store(otter_secret_schema(), SECRET_COLLECTION_DEFAULT, label, secret, NULL, error,
                                    "vault", vault, "slot", slot, NULL);
}

static inline gchar *otter_secret_lookup(const char *vault, const char *slot, GError **error) {
  return otter_secret_library()->lookup(otter_secret_schema(), NULL, error, "vault", vault, "slot", slot, NULL);
}

static inline gboolean otter_secret_clear(const char *vault, const char *slot, GError **error) {
  return otter_secret_library()->clear(otter_secret_schema(), NULL, error, "vault", vault, "slot", slot, NULL);
}

static inline void otter_secret_free(gchar *password) { otter_secret_library()->free_password(password); }

static inline void otter_error_free(GError *error) { otter_secret_library()->free_error(error); }

static inline const char *otter_error_message(const GError *error) { return error ? error->message : ""; }
