#ifndef OTTER_CIMAGECODECS_SHIM_H
#define OTTER_CIMAGECODECS_SHIM_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <png.h>
#include <jpeglib.h>

// libjpeg reports errors with longjmp (its default handler calls exit), which Swift can neither
// call nor survive. This function does the whole decode inside setjmp in C and returns NULL on
// any error instead.
struct otter_jpeg_error {
  struct jpeg_error_mgr base;
  jmp_buf jump;
};

static void otter_jpeg_error_exit(j_common_ptr info) { longjmp(((struct otter_jpeg_error *)info->err)->jump, 1); }
static void otter_jpeg_silent(j_common_ptr info, int level) { (void)info; (void)level; }

/// Decodes the JPEG in `data` to 8-bit greyscale. Returns pixels to free with free(), or NULL.
static inline unsigned char *otter_jpeg_decode_gray(const unsigned char *data, unsigned long size, int *width, int *height) {
  struct jpeg_decompress_struct info;
  struct otter_jpeg_error error;
  unsigned char *volatile pixels = NULL;
  info.err = jpeg_std_error(&error.base);
  error.base.error_exit = otter_jpeg_error_exit;
  error.base.emit_message = otter_jpeg_silent;
  if (setjmp(error.jump)) {
    jpeg_destroy_decompress(&info);
    free(pixels);
    return NULL;
  }
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, data, size);
  jpeg_read_header(&info, TRUE);
  info.out_color_space = JCS_GRAYSCALE;
  jpeg_start_decompress(&info);
  if (info.output_width == 0 || info.output_height == 0 || info.output_width > 16384 || info.output_height > 16384) {
    jpeg_destroy_decompress(&info);
    return NULL;
  }
  pixels = malloc((size_t)info.output_width * info.output_height);
  if (pixels == NULL) {
    jpeg_destroy_decompress(&info);
    return NULL;
  }
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = pixels + (size_t)info.output_scanline * info.output_width;
    jpeg_read_scanlines(&info, &row, 1);
  }
  *width = (int)info.output_width;
  *height = (int)info.output_height;
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
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
