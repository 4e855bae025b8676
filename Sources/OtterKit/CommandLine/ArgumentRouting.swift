import OTPCore

/// The arguments as argument-parser should see them, after three things a user gets wrong:
///
/// - **Global options anywhere:** `--vault`, `--password-file`, `--aegis` and `--kdf-budget`
///   given before the command (`otter --vault X list`) are moved after it; with no command they
///   go to the viewer (`otter --vault X`).
/// - **A mistyped command:** `otter lsit` says which command was meant.
/// - **A URI on the command line**, where `ps` shows it to every user: refused with the command
///   to run instead, its secret elided.
///
/// - Parameter commands: the names of the commands (and `help`).
/// - Throws: `OtterFailure` 64 for the last two.
public func routedArguments(_ arguments: [String], commands names: [String]) throws(OtterFailure) -> [String] {
  if let uri = arguments.first(where: isURI) { throw refusal(of: uri, in: arguments) }
  let globals: Set<String> = ["--vault", "--password-file", "--aegis", "--kdf-budget"]
  var moved: [String] = []
  var index = 0
  while index < arguments.count, let name = arguments[index].split(separator: "=").first, globals.contains(String(name)) {
    moved.append(arguments[index])
    if !arguments[index].contains("="), index + 1 < arguments.count {
      moved.append(arguments[index + 1])
      index += 1
    }
    index += 1
  }
  let rest = Array(arguments[index...])
  guard let first = rest.first else { return moved.isEmpty ? [] : ["view"] + moved }
  if first.hasPrefix("-") {
    let rootOptions: Set<String> = ["-h", "--help", "--version", "--generate-completion-script", "--experimental-dump-help"]
    return moved.isEmpty && rootOptions.contains(first) ? rest : ["view"] + moved + rest
  }
  guard names.contains(first) else { throw unknownCommand(first, among: names) }
  return [first] + moved + rest.dropFirst()
}

private func isURI(_ argument: String) -> Bool {
  let lower = argument.lowercased()
  return lower.hasPrefix("otpauth://") || lower.hasPrefix("otpauth-migration://")
}

/// The refusal of a URI given as an argument, with the command that reads it safely instead.
private func refusal(of uri: String, in arguments: [String]) -> OtterFailure {
  let command = arguments.first { !$0.hasPrefix("-") && !isURI($0) } ?? "add"
  let target =
    switch command {
    case "code": "otter code --uri -"
    case "qr": "otter qr --uri -"
    case "import": "otter import"
    default: uri.lowercased().hasPrefix("otpauth-migration://") ? "otter import" : "otter add"
    }
  return OtterFailure(
    .usage,
    """
    otpauth URIs are not taken from the command line, where `ps` shows them to every user of this machine; \
    pass it on standard input instead:
      printf '%s\\n' '\(elidingSecret(uri))' | \(target)
    (the secret is left out here; paste the whole URI)
    """)
}

/// `uri` with the values of `secret` and `data` replaced by `…`, sanitized and cut for a message.
public func elidingSecret(_ uri: String) -> String {
  var result: [Character] = []
  let characters = Array(uri)
  var index = 0
  while index < characters.count {
    result.append(characters[index])
    index += 1
    let before = String(result.suffix(7)).lowercased()
    if before.hasSuffix("secret=") || before.hasSuffix("?data=") || before.hasSuffix("&data=") {
      result.append("…")
      while index < characters.count && characters[index] != "&" { index += 1 }
    }
  }
  return Sanitizer.quoted(String(result), limit: 160)
}

/// "unknown command 'lsit' — did you mean 'list'?"
private func unknownCommand(_ word: String, among names: [String]) -> OtterFailure {
  let quoted = Sanitizer.quoted(word, limit: 40)
  let close = names.map { ($0, editDistance(word.lowercased(), $0)) }.filter { $0.1 <= 2 }.min { $0.1 < $1.1 }
  if let close {
    return OtterFailure(.usage, "unknown command '\(quoted)' — did you mean '\(close.0)'? (see otter --help)")
  }
  return OtterFailure(.usage, "unknown command '\(quoted)'; the commands are \(names.joined(separator: ", "))")
}

/// The Levenshtein distance of two words (an adjacent swap counts as one).
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
  var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
  for i in 0...a.count { table[i][0] = i }
  for j in 0...b.count { table[0][j] = j }
  for i in 1...a.count {
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1) }
    }
  }
  return table[a.count][b.count]
}
