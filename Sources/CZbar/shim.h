#ifndef OTTER_CZBAR_SHIM_H
#define OTTER_CZBAR_SHIM_H

#include <zbar.h>

// zbar_fourcc is a macro: the "Y800" (8-bit greyscale) image format code as a function.
static inline unsigned long otter_zbar_format_y800(void) { return zbar_fourcc('Y', '8', '0', '0'); }

#endif
