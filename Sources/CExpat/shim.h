// expat, the XML parser for documents from other apps (KeePass's inner XML, Android's
// preferences files). Nothing to shim: this header only includes expat's.
#include <expat.h>
