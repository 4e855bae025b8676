// libzip, for exports that come as zip archives (Proton Pass, WinAuth). Nothing to shim:
// every call Otter makes is a plain function; this header only includes libzip's.
#include <zip.h>
