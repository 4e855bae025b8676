// cairo's PDF surface, for `otter export --format paper` (a printable backup).
//
// libcairo brings fontconfig, freetype, pixman and libpng: linked, every otter process would map
// them. It is opened with dlopen the first time a paper backup is made (StartupTests/libraries
// checks otter maps none of it). cairo's headers give the prototypes; OTTER_CAIRO(name) calls
// through the pointer dlsym found.
//
// The PDF is written to memory (cairo_pdf_surface_create_for_stream) and given to Swift, which
// writes it 0600: cairo never names a file. It holds every secret, so the buffer grows by
// copying into a new allocation and wiping the old one, and is wiped when freed.
#include <cairo/cairo-pdf.h>
#include <cairo/cairo.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static inline void **otter_cairo_handle(void) {
  static void *handle;
  return &handle;
}

static inline void otter_cairo_open_library(void) { *otter_cairo_handle() = dlopen("libcairo.so.2", RTLD_NOW | RTLD_LOCAL); }

static inline void *otter_cairo_symbol(const char *name) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, otter_cairo_open_library);
  return *otter_cairo_handle() ? dlsym(*otter_cairo_handle(), name) : NULL;
}

#define OTTER_CAIRO(name) ((__typeof__(&name))otter_cairo_symbol(#name))

// Whether every function below is there (1), else 0 (no libcairo on this machine).
static inline int otter_cairo_load(void) {
  static const char *names[] = {"cairo_pdf_surface_create_for_stream", "cairo_pdf_surface_set_metadata",
                                "cairo_create", "cairo_destroy", "cairo_surface_destroy", "cairo_surface_finish",
                                "cairo_surface_status", "cairo_status", "cairo_show_page", "cairo_set_source_rgb",
                                "cairo_rectangle", "cairo_fill", "cairo_move_to", "cairo_select_font_face",
                                "cairo_set_font_size", "cairo_show_text", "cairo_text_extents", "cairo_version_string"};
  for (size_t index = 0; index < sizeof names / sizeof *names; index++)
    if (!otter_cairo_symbol(names[index])) return 0;
  return 1;
}

// The PDF's bytes as cairo writes them.
struct otter_cairo_buffer {
  unsigned char *data;
  size_t length;
  size_t capacity;
  int failed;
};

static inline cairo_status_t otter_cairo_write(void *closure, const unsigned char *data, unsigned int length) {
  struct otter_cairo_buffer *buffer = closure;
  if (buffer->failed) return CAIRO_STATUS_WRITE_ERROR;
  if (length > (size_t)-1 - buffer->length) {
    buffer->failed = 1;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  if (buffer->length + length > buffer->capacity) {
    size_t capacity = buffer->capacity ? buffer->capacity : 65536;
    while (capacity < buffer->length + length) capacity *= 2;
    unsigned char *grown = malloc(capacity);
    if (!grown) {
      buffer->failed = 1;
      return CAIRO_STATUS_NO_MEMORY;
    }
    if (buffer->data) {
      memcpy(grown, buffer->data, buffer->length);
      explicit_bzero(buffer->data, buffer->capacity);
      free(buffer->data);
    }
    buffer->data = grown;
    buffer->capacity = capacity;
  }
  memcpy(buffer->data + buffer->length, data, length);
  buffer->length += length;
  return CAIRO_STATUS_SUCCESS;
}

static inline void otter_cairo_buffer_free(struct otter_cairo_buffer *buffer) {
  if (buffer->data) {
    explicit_bzero(buffer->data, buffer->capacity);
    free(buffer->data);
  }
  memset(buffer, 0, sizeof *buffer);
}

static inline cairo_surface_t *otter_cairo_pdf(struct otter_cairo_buffer *buffer, double width, double height) {
  return OTTER_CAIRO(cairo_pdf_surface_create_for_stream)(otter_cairo_write, buffer, width, height);
}

// The calls the Swift wrapper makes, each through the pointer dlsym found (otter_cairo_load
// first checked that every one is there).
static inline cairo_t *otter_cairo_create(cairo_surface_t *surface) { return OTTER_CAIRO(cairo_create)(surface); }
static inline void otter_cairo_destroy(cairo_t *cr) { OTTER_CAIRO(cairo_destroy)(cr); }
static inline void otter_cairo_surface_destroy(cairo_surface_t *surface) { OTTER_CAIRO(cairo_surface_destroy)(surface); }
static inline void otter_cairo_surface_finish(cairo_surface_t *surface) { OTTER_CAIRO(cairo_surface_finish)(surface); }
static inline int otter_cairo_failed(cairo_t *cr, cairo_surface_t *surface) {
  return OTTER_CAIRO(cairo_status)(cr) != CAIRO_STATUS_SUCCESS ||
         OTTER_CAIRO(cairo_surface_status)(surface) != CAIRO_STATUS_SUCCESS;
}
static inline void otter_cairo_set_title(cairo_surface_t *surface, const char *title) {
  OTTER_CAIRO(cairo_pdf_surface_set_metadata)(surface, CAIRO_PDF_METADATA_TITLE, title);
  OTTER_CAIRO(cairo_pdf_surface_set_metadata)(surface, CAIRO_PDF_METADATA_CREATOR, "otter");
}
static inline void otter_cairo_fill(cairo_t *cr, double x, double y, double width, double height, double grey) {
  OTTER_CAIRO(cairo_set_source_rgb)(cr, grey, grey, grey);
  OTTER_CAIRO(cairo_rectangle)(cr, x, y, width, height);
  OTTER_CAIRO(cairo_fill)(cr);
}
static inline void otter_cairo_font(cairo_t *cr, double size, int bold, int monospaced) {
  OTTER_CAIRO(cairo_select_font_face)(cr, monospaced ? "monospace" : "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                                      bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  OTTER_CAIRO(cairo_set_font_size)(cr, size);
}
static inline void otter_cairo_text(cairo_t *cr, const char *text, double x, double y) {
  OTTER_CAIRO(cairo_set_source_rgb)(cr, 0, 0, 0);
  OTTER_CAIRO(cairo_move_to)(cr, x, y);
  OTTER_CAIRO(cairo_show_text)(cr, text);
}
static inline double otter_cairo_text_width(cairo_t *cr, const char *text) {
  cairo_text_extents_t extents;
  OTTER_CAIRO(cairo_text_extents)(cr, text, &extents);
  return extents.x_advance;
}
static inline void otter_cairo_show_page(cairo_t *cr) { OTTER_CAIRO(cairo_show_page)(cr); }
static inline const char *otter_cairo_version(void) { return OTTER_CAIRO(cairo_version_string)(); }
