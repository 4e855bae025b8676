internal import CExpat

/// One element of a parsed document: its name, attributes, text and children, in order.
public struct XMLElement: Sendable {
  public var name: String
  public var attributes: [(name: String, value: String)] = []
  /// The character data directly inside the element (entities and character references
  /// already replaced), its pieces joined.
  public var text = ""
  public var children: [XMLElement] = []

  public init(name: String) { self.name = name }

  /// The value of attribute `name`.
  public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }

  /// The first child named `name`.
  public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

  /// The children named `name`, in order.
  public func children(named name: String) -> [XMLElement] { children.filter { $0.name == name } }
}

/// Why a document was refused.
public enum XMLError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Not well-formed XML: expat's message and the line.
  case malformed(String, line: Int)
  /// A document type declaration: none of the files Otter reads has one, and refusing it
  /// refuses every entity a document could define (and so every entity expansion attack).
  case documentType
  /// More elements, or deeper nesting, than the limits allow.
  case tooLarge(String)

  public var description: String {
    switch self {
    case .malformed(let what, let line): "the XML is not well-formed: \(what) (line \(line))"
    case .documentType: "the XML has a document type declaration (<!DOCTYPE …>), which Otter does not read"
    case .tooLarge(let what): "the XML has \(what)"
    }
  }
}

/// Bounds on a document, checked while it is parsed.
public struct XMLLimits: Sendable {
  public var depth: Int
  public var elements: Int

  public init(depth: Int = 64, elements: Int = 2_000_000) {
    self.depth = depth
    self.elements = elements
  }
}

/// A whole XML document read into a tree with expat. The only importer of CExpat: linear in
/// the input (no document type, so no entity of the document's own is ever expanded; expat's
/// own amplification guard stays on), nesting and element count bounded.
public enum XMLDocument {
  /// The root element of `bytes`.
  ///
  /// - Throws: `XMLError`.
  /// The corresponding C functions are `XML_ParserCreate`, `XML_Parse` and `XML_ParserFree`.
  public static func parse(_ bytes: [UInt8], limits: XMLLimits = XMLLimits()) throws(XMLError) -> XMLElement {
    guard let parser = unsafe XML_ParserCreate("UTF-8") else { throw .tooLarge("no memory for a parser") }
    defer { unsafe XML_ParserFree(parser) }
    let builder = unsafe Builder(limits: limits, parser: parser)
    let context = unsafe Unmanaged.passUnretained(builder).toOpaque()
    unsafe XML_SetUserData(parser, context)
    unsafe XML_SetElementHandler(parser, startElement, endElement)
    unsafe XML_SetCharacterDataHandler(parser, characterData)
    unsafe XML_SetStartDoctypeDeclHandler(parser, startDoctype)
    var status = XML_STATUS_OK
    var offset = 0
    repeat {
      let end = min(offset + Int(Int32.max / 2), bytes.count)
      let final: Int32 = end == bytes.count ? 1 : 0
      status = unsafe bytes.withUnsafeBufferPointer { buffer in
        unsafe buffer.baseAddress.map { base in
          unsafe base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
            unsafe XML_Parse(parser, $0 + offset, Int32(end - offset), final)
          }
        } ?? XML_Parse(parser, nil, 0, 1)
      }
      offset = end
    } while status == XML_STATUS_OK && offset < bytes.count
    if let error = builder.error { throw error }
    guard status == XML_STATUS_OK, let root = builder.root else {
      let code = unsafe XML_GetErrorCode(parser)
      let message = unsafe XML_ErrorString(code).map { unsafe String(cString: $0) } ?? "error \(code.rawValue)"
      throw .malformed(message, line: Int(unsafe XML_GetCurrentLineNumber(parser)))
    }
    return root
  }

  /// The tree being built, reached from expat's callbacks through the user data pointer.
  @safe final class Builder {
    let limits: XMLLimits
    let parser: XML_Parser
    var stack: [XMLElement] = []
    var root: XMLElement?
    var count = 0
    var error: XMLError?

    init(limits: XMLLimits, parser: XML_Parser) {
      self.limits = limits
      unsafe self.parser = parser
    }

    func stop(_ error: XMLError) {
      if self.error == nil { self.error = error }
      unsafe XML_StopParser(parser, XML_FALSE)
    }
  }
}

private func builder(_ context: UnsafeMutableRawPointer?) -> XMLDocument.Builder? {
  unsafe context.map { unsafe Unmanaged<XMLDocument.Builder>.fromOpaque($0).takeUnretainedValue() }
}

private func string(_ pointer: UnsafePointer<XML_Char>?) -> String {
  unsafe pointer.map { unsafe String(cString: $0) } ?? ""
}

private let startElement: XML_StartElementHandler = { context, name, attributes in
  guard let builder = unsafe builder(context), builder.error == nil else { return }
  builder.count += 1
  guard builder.count <= builder.limits.elements else {
    return builder.stop(.tooLarge("more than \(builder.limits.elements) elements"))
  }
  guard builder.stack.count < builder.limits.depth else {
    return builder.stop(.tooLarge("elements nested more than \(builder.limits.depth) deep"))
  }
  var element = XMLElement(name: unsafe string(name))
  var index = 0
  while let attributes = unsafe attributes, let key = unsafe attributes[index] {
    element.attributes.append((unsafe string(key), unsafe string(attributes[index + 1])))
    index += 2
  }
  builder.stack.append(element)
}

private let endElement: XML_EndElementHandler = { context, _ in
  guard let builder = unsafe builder(context), builder.error == nil, let element = builder.stack.popLast() else { return }
  if builder.stack.isEmpty {
    builder.root = element
  } else {
    builder.stack[builder.stack.count - 1].children.append(element)
  }
}

private let characterData: XML_CharacterDataHandler = { context, text, length in
  guard let builder = unsafe builder(context), builder.error == nil, !builder.stack.isEmpty,
    let text = unsafe text, length > 0
  else { return }
  let piece = unsafe text.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
    unsafe String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
  }
  builder.stack[builder.stack.count - 1].text += piece
}

private let startDoctype: XML_StartDoctypeDeclHandler = { context, _, _, _, _ in
  unsafe builder(context)?.stop(.documentType)
}
