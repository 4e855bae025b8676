import CCairo

/// Why a PDF could not be made.
public enum PaperError: Error, Equatable, CustomStringConvertible {
  /// libcairo is not installed (it is opened only when a paper backup is made).
  case noLibrary
  /// cairo reported a failure while drawing or writing.
  case cairo(String)

  public var description: String {
    switch self {
    case .noLibrary: "libcairo (libcairo2) is not installed: install it to make a paper backup"
    case .cairo(let what): "cairo failed: \(what)"
    }
  }
}

/// A PDF being drawn: pages of filled rectangles and text, in points (1/72 inch) from the top
/// left. Drawn into memory; `finish` gives the bytes (the caller wipes them: they may hold
/// secrets; cairo's own buffer is wiped when the document goes). Not thread-safe.
@safe public final class PaperDocument {
  public let width: Double
  public let height: Double
  private var buffer = unsafe otter_cairo_buffer()
  private let surface: OpaquePointer
  private let context: OpaquePointer
  private var finished = false

  /// A document of pages `width` × `height` points (A4 is 595 × 842), titled `title`.
  ///
  /// - Throws: `PaperError.noLibrary` without libcairo, `.cairo` when it cannot start.
  public init(width: Double, height: Double, title: String) throws(PaperError) {
    guard otter_cairo_load() != 0 else { throw .noLibrary }
    self.width = width
    self.height = height
    guard let surface = unsafe otter_cairo_pdf(&buffer, width, height) else { throw .cairo("no PDF surface") }
    unsafe self.surface = unsafe surface
    guard let context = unsafe otter_cairo_create(surface) else { throw .cairo("no drawing context") }
    unsafe self.context = unsafe context
    unsafe otter_cairo_set_title(surface, title)
    guard unsafe otter_cairo_failed(context, surface) == 0 else { throw .cairo("cannot start a PDF") }
  }

  deinit {
    if !finished { unsafe otter_cairo_surface_finish(surface) }
    unsafe otter_cairo_destroy(context)
    unsafe otter_cairo_surface_destroy(surface)
    unsafe otter_cairo_buffer_free(&buffer)
  }

  /// The version of libcairo, e.g. "1.16.0"; nil when it is not installed.
  public static var libraryVersion: String? {
    guard otter_cairo_load() != 0, let text = unsafe otter_cairo_version() else { return nil }
    return unsafe String(cString: text)
  }

  /// Fills the rectangle at (`x`, `y`), `width` × `height`, in grey `level` (0 black, 1 white).
  public func fill(x: Double, y: Double, width: Double, height: Double, grey level: Double = 0) {
    unsafe otter_cairo_fill(context, x, y, width, height, level)
  }

  /// Draws `text` with its baseline starting at (`x`, `y`), `size` points high.
  public func text(_ text: String, x: Double, y: Double, size: Double, bold: Bool = false, monospaced: Bool = false) {
    unsafe otter_cairo_font(context, size, bold ? 1 : 0, monospaced ? 1 : 0)
    unsafe otter_cairo_text(context, text, x, y)
  }

  /// How wide `text` is drawn at `size` points, in points.
  public func textWidth(_ text: String, size: Double, bold: Bool = false, monospaced: Bool = false) -> Double {
    unsafe otter_cairo_font(context, size, bold ? 1 : 0, monospaced ? 1 : 0)
    return unsafe otter_cairo_text_width(context, text)
  }

  /// Ends the current page and starts the next.
  public func newPage() { unsafe otter_cairo_show_page(context) }

  /// Ends the document and returns the PDF's bytes.
  ///
  /// - Throws: `PaperError.cairo` when drawing or writing failed.
  public func finish() throws(PaperError) -> [UInt8] {
    unsafe otter_cairo_show_page(context)
    unsafe otter_cairo_surface_finish(surface)
    finished = true
    guard unsafe otter_cairo_failed(context, surface) == 0 else { throw .cairo("the PDF could not be drawn") }
    guard unsafe buffer.failed == 0, let data = unsafe buffer.data else { throw .cairo("the PDF could not be kept in memory") }
    return unsafe Array(UnsafeBufferPointer(start: data, count: buffer.length))
  }
}
