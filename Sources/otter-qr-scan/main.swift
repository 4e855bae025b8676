// otter-qr-scan: the QR codes in one PNG or JPEG image on standard input, one text per line on
// standard output. `otter import` runs it for images, so that the otter binary itself links no
// libzbar (which brings X11, D-Bus, video4linux and systemd with it), libpng or libjpeg.
// Exit status: 0 with at least one code, 65 with the reason on stderr.

import CLinux
import ImageScan
import Posix

#if canImport(Glibc)
  import Glibc
#endif

var limit = rlimit(rlim_cur: 0, rlim_max: 0)
_ = unsafe setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
_ = otter_set_dumpable(0)

do {
  var image = try Posix.readAll(0, path: "standard input", limit: 16 << 20)
  defer { for index in image.indices { image[index] = 0 } }
  let texts = try QRImageScanner.scan(image)
  for text in texts {
    // One per line: a line break inside a code would split it, so it is shown as a space.
    var line = Array(text.utf8).map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 } + [0x0A]
    try? Posix.writeAll(1, line)
    for index in line.indices { line[index] = 0 }
  }
  exit(0)
} catch let error as ImageScanError {
  try? Posix.writeAll(2, Array("otter: \(error); nothing was imported\n".utf8))
  exit(65)
} catch {
  try? Posix.writeAll(2, Array("otter: cannot read the image: \(error)\n".utf8))
  exit(error is SystemError && (error as? SystemError)?.code == EFBIG ? 65 : 74)
}
