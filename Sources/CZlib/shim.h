// zlib, for gzip-compressed payloads (KeePass KDBX databases). inflateInit2 is a macro that
// passes the library's version and the stream's size; the shim gives Swift a function.
#include <zlib.h>

static inline int otter_inflate_init_gzip(z_stream *stream) {
  // 15 window bits, +16: a gzip header and trailer (its CRC-32 and length are checked).
  return inflateInit2(stream, 15 + 16);
}
