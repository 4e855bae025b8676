// libsecret, the freedesktop Secret Service (GNOME Keyring, KWallet, KeePassXC): the keyring
// slot keeps a random key there. libsecret's password calls are variadic (attribute names and
// values, then NULL), which Swift cannot call, and its schema is a C struct: both are here.
#include <libsecret/secret.h>

static const SecretSchema *otter_secret_schema(void) {
  static const SecretSchema schema = {
      "org.otter.VaultKey", SECRET_SCHEMA_NONE, {{"vault", SECRET_SCHEMA_ATTRIBUTE_STRING}, {"slot", SECRET_SCHEMA_ATTRIBUTE_STRING}, {NULL, 0}}};
  return &schema;
}

static inline gboolean otter_secret_store(const char *vault, const char *slot, const char *label, const char *secret, GError **error) {
  return secret_password_store_sync(
      otter_secret_schema(), SECRET_COLLECTION_DEFAULT, label, secret, NULL, error, "vault", vault, "slot", slot, NULL);
}

static inline gchar *otter_secret_lookup(const char *vault, const char *slot, GError **error) {
  return secret_password_lookup_sync(otter_secret_schema(), NULL, error, "vault", vault, "slot", slot, NULL);
}

static inline gboolean otter_secret_clear(const char *vault, const char *slot, GError **error) {
  return secret_password_clear_sync(otter_secret_schema(), NULL, error, "vault", vault, "slot", slot, NULL);
}

static inline const char *otter_error_message(const GError *error) { return error ? error->message : ""; }
