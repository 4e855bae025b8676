#ifndef OTTER_CIMAGECODECS_SHIM_H
#define OTTER_CIMAGECODECS_SHIM_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>
#include <jpeglib.h>
#include <webp/decode.h>

// libjpeg reports errors with longjmp (its default handler calls exit), which Swift can neither
// call nor survive. This function does the whole decode inside setjmp in C and returns NULL on
// any error instead.
struct otter_jpeg_error {
  struct jpeg_error_mgr base;
  jmp_buf jump;
};

static void otter_jpeg_error_exit(j_common_ptr info) { longjmp(((struct otter_jpeg_error *)info->err)->jump, 1); }
static void otter_jpeg_silent(j_common_ptr info, int level) { (void)info; (void)level; }

/// Why `otter_jpeg_decode_gray` gave no pixels.
enum otter_jpeg_status { OTTER_JPEG_OK = 0, OTTER_JPEG_DAMAGED = 1, OTTER_JPEG_TOO_LARGE = 2, OTTER_JPEG_NO_MEMORY = 3 };

/// Decodes the JPEG in `data` to 8-bit greyscale. Returns pixels to free with free(), or NULL
/// with `*status` saying why. The size in the header is checked against `max_pixels` before
/// anything is decompressed (a 300-byte file can claim 65500 x 65500), and libjpeg's own
/// working memory (a progressive image keeps every coefficient) is capped at `max_memory`.
static inline unsigned char *otter_jpeg_decode_gray(const unsigned char *data, unsigned long size,
                                                    unsigned long max_pixels, long max_memory,
                                                    int *width, int *height, int *status) {
  struct jpeg_decompress_struct info;
  struct otter_jpeg_error error;
  unsigned char *volatile pixels = NULL;
  *status = OTTER_JPEG_DAMAGED;
  info.err = jpeg_std_error(&error.base);
  error.base.error_exit = otter_jpeg_error_exit;
  error.base.emit_message = otter_jpeg_silent;
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&info);
    free(pixels);
    return NULL;
  }
  jpeg_create_decompress(&info);
  info.mem->max_memory_to_use = max_memory;
  jpeg_mem_src(&info, data, size);
  if (jpeg_read_header(&info, TRUE) != JPEG_HEADER_OK) {
    jpeg_destroy_decompress(&info);
    return NULL;
  }
  if (info.image_width == 0 || info.image_height == 0 ||
      (unsigned long)info.image_width * info.image_height > max_pixels) {
    *status = OTTER_JPEG_TOO_LARGE;
    *width = (int)info.image_width;
    *height = (int)info.image_height;
    jpeg_destroy_decompress(&info);
    return NULL;
  }
  info.out_color_space = JCS_GRAYSCALE;
  if (!jpeg_start_decompress(&info)) {
    jpeg_destroy_decompress(&info);
    return NULL;
  }
  pixels = malloc((size_t)info.output_width * info.output_height);
  if (pixels == NULL) {
    *status = OTTER_JPEG_NO_MEMORY;
    jpeg_destroy_decompress(&info);
    return NULL;
  }
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = pixels + (size_t)info.output_scanline * info.output_width;
    if (jpeg_read_scanlines(&info, &row, 1) != 1) {
      jpeg_destroy_decompress(&info);
      free(pixels);
      return NULL;
    }
  }
  *width = (int)info.output_width;
  *height = (int)info.output_height;
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  *status = OTTER_JPEG_OK;
  return pixels;
}

// PNG_IMAGE_VERSION and the png_image initialiser are macros; this sets up the simplified API's
// structure (whose errors come back as return values, not longjmp).
static inline void otter_png_image_init(png_image *image) {
  memset(image, 0, sizeof(*image));
  image->version = PNG_IMAGE_VERSION;
}
static inline unsigned otter_png_format_gray(void) { return PNG_FORMAT_GRAY; }

#endif
