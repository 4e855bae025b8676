#ifndef OTTER_CQRENCODE_SHIM_H
#define OTTER_CQRENCODE_SHIM_H

// A plain include: libqrencode's API imports into Swift as it is. The shim exists so the
// module map has one header to point at, like the other system libraries.
#include <qrencode.h>

#endif
