/// The cost of one key derivation a file asks for, in the terms Otter budgets.
public enum KDFCost: Sendable, Equatable, CustomStringConvertible {
  case scrypt(ScryptParameters)
  /// PBKDF2 with HMAC-`hash`.
  case pbkdf2(iterations: Int, hash: DigestAlgorithm)
  /// Argon2id with `memoryKiB` of memory, `passes` over it and `lanes` lanes.
  case argon2id(memoryKiB: Int, passes: Int, lanes: Int)
  /// Argon2d, costed as Argon2id (the same work per pass and block).
  case argon2d(memoryKiB: Int, passes: Int, lanes: Int)
  /// KeePass's AES-KDF: `rounds` AES-256 encryptions of two blocks.
  case aesKDF(rounds: UInt64)

  /// The memory the derivation needs, in bytes (scrypt: 128·r·N), `Int.max` when it does not
  /// fit (a hostile parameter must never wrap around to a small number, nor trap).
  public var memoryBytes: Int {
    switch self {
    case .scrypt(let p): Self.product([128, max(p.r, 0), 1 << min(max(p.logN, 0), 62)])
    case .pbkdf2: 1024
    case .argon2id(let memory, _, _), .argon2d(let memory, _, _): Self.product([max(memory, 0), 1024])
    case .aesKDF: 1024
    }
  }

  /// The product of `factors`, or `Int.max` when it overflows.
  static func product(_ factors: [Int]) -> Int {
    var result = 1
    for factor in factors {
      let (value, overflow) = result.multipliedReportingOverflow(by: factor)
      if overflow { return .max }
      result = value
    }
    return result
  }

  /// The work of the derivation in units of one scrypt (N·r·p) step, so that one unit takes
  /// about the same time for each kind on this machine class. Measured side by side in one
  /// process (OpenSSL through Python's hashlib, libargon2 through argon2-cffi): scrypt N=2^17,
  /// r=8, p=1 — 2^20 units — 0.42–0.63 s; a million PBKDF2 iterations 0.75 s with HMAC-SHA1,
  /// 0.38 s with SHA-256, 0.93 s with SHA-512; Argon2id over 64 MiB, 3 passes, 0.13–0.20 s. So
  /// one PBKDF2 iteration is 1.7, 0.9 or 2.1 units, and one Argon2id pass over 1 KiB 2 units.
  /// AES-KDF: 100 million rounds took 1.8 s here (AES-NI; `otter import` of a KDBX database
  /// naming them, whole process), so a round is about 0.04 units.
  public var work: Double {
    switch self {
    case .scrypt(let p): Double(1 << min(p.logN, 62)) * Double(p.r) * Double(p.p)
    case .pbkdf2(let iterations, let hash):
      Double(iterations) * (hash == .sha512 ? 2.1 : hash == .sha1 ? 1.7 : 0.9)
    case .argon2id(let memory, let passes, _), .argon2d(let memory, let passes, _): 2 * Double(memory) * Double(passes)
    case .aesKDF(let rounds): 0.04 * Double(rounds)
    }
  }

  public var description: String {
    switch self {
    case .scrypt(let p): "scrypt N=2^\(p.logN), r=\(p.r), p=\(p.p)"
    case .pbkdf2(let iterations, let hash): "PBKDF2-HMAC-\(hash.rawValue) with \(iterations) iterations"
    case .aesKDF(let rounds): "AES-KDF with \(rounds) rounds"
    case .argon2d(let memory, let passes, let lanes):
      "Argon2d with \(memory) KiB, \(passes) pass\(passes == 1 ? "" : "es"), \(lanes) lane\(lanes == 1 ? "" : "s")"
    case .argon2id(let memory, let passes, let lanes):
      "Argon2id with \(memory) KiB, \(passes) pass\(passes == 1 ? "" : "es"), \(lanes) lane\(lanes == 1 ? "" : "s")"
    }
  }
}

/// Why a file's key derivations were refused before any of them ran.
public enum KDFBudgetError: Error, Equatable, Sendable, CustomStringConvertible {
  /// One derivation needs more memory than the budget.
  case memory(KDFCost, limit: Int)
  /// The derivations that would be tried together take more work than the budget.
  case work(KDFCost, total: Double, limit: Double)
  /// More password slots than Otter tries in one file.
  case tooManySlots(Int, limit: Int)

  public var description: String {
    switch self {
    case .memory(let cost, let limit):
      "key slot asks for \(cost): \(KDFBudget.size(cost.memoryBytes)), over Otter's \(KDFBudget.size(limit)) limit"
        + "; if you made this file yourself, add --kdf-budget \(KDFBudget.argument(KDFBudget.rounded(cost.memoryBytes)))"
    case .work(let cost, let total, let limit):
      "the key slots ask for \(format1(total / limit)) times Otter's work limit (about \(KDFBudget.defaultSeconds) s here; the largest is \(cost))"
        + "; if you made this file yourself, add a larger --kdf-budget"
    case .tooManySlots(let count, let limit):
      "the file has \(count) password slots; Otter tries at most \(limit)"
    }
  }
}

/// One decimal.
private func format1(_ value: Double) -> String {
  // A hostile parameter can make the number astronomically large (or not a number): say so
  // rather than trap converting it.
  guard value.isFinite, value * 10 < 1e15 else { return value.isFinite ? "more than 10^14" : "an unbounded number of" }
  let tenths = Int((value * 10).rounded(.up))
  return "\(tenths / 10).\(tenths % 10)"
}

/// How much key derivation a file may make Otter do, checked before any derivation runs:
/// each derivation's memory, and the total work of all the derivations that could be tried
/// for one file (every password slot, cheapest first, at most `maximumSlots`).
///
/// The default is 1 GiB of memory and 16 times the work of the vault's default scrypt, which is
/// about 7–10 s on this machine class; `--kdf-budget SIZE` scales both together.
public struct KDFBudget: Sendable, Equatable {
  /// The most memory one derivation may take, in bytes.
  public var memoryBytes: Int
  /// The most work all derivations of one file may take (in `KDFCost.work` units).
  public var work: Double
  /// The most password slots tried in one file.
  public var maximumSlots: Int

  public static let defaultMemory = 1 << 30
  public static let defaultWork = Double(1 << 24)
  public static let defaultSeconds = 10

  /// 1 GiB, 16 × the default scrypt, 4 slots.
  public static let `default` = KDFBudget(memoryBytes: defaultMemory)

  /// A budget of `memoryBytes` of memory and work in proportion to it.
  public init(memoryBytes: Int, maximumSlots: Int = 4) {
    self.memoryBytes = memoryBytes
    work = Self.defaultWork * Double(memoryBytes) / Double(Self.defaultMemory)
    self.maximumSlots = maximumSlots
  }

  /// Checks the derivations a file asks for, in the order they would be tried.
  ///
  /// - Throws: `KDFBudgetError` naming the derivation that is over the budget.
  public func check(_ costs: [KDFCost]) throws(KDFBudgetError) {
    guard costs.count <= maximumSlots else { throw .tooManySlots(costs.count, limit: maximumSlots) }
    var total = 0.0
    for cost in costs {
      guard cost.memoryBytes <= memoryBytes else { throw .memory(cost, limit: memoryBytes) }
      total += cost.work
    }
    if total > work, let largest = costs.max(by: { $0.work < $1.work }) { throw .work(largest, total: total, limit: work) }
  }

  /// The order to try derivations in: cheapest first, so that an expensive slot placed before a
  /// cheap one costs nothing when the cheap one opens (the sort is stable).
  public static func tryOrder(_ costs: [KDFCost]) -> [Int] {
    costs.indices.sorted { costs[$0].work < costs[$1].work || (costs[$0].work == costs[$1].work && $0 < $1) }
  }

  /// A size for people to read ("512 MiB", "1 GiB", "1.5 GiB").
  public static func size(_ bytes: Int) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
    if bytes >= 1 << 30 { return "\(format1(Double(bytes) / Double(1 << 30))) GiB" }
    return "\(max(1, bytes >> 20)) MiB"
  }

  /// A size as `--kdf-budget` takes it ("16GiB", "1536MiB").
  static func argument(_ bytes: Int) -> String {
    bytes % (1 << 30) == 0 ? "\(bytes >> 30)GiB" : "\(bytes >> 20)MiB"
  }

  /// `bytes` rounded up to a whole GiB (or MiB below one GiB), for the hint in a message.
  static func rounded(_ bytes: Int) -> Int {
    guard bytes <= Int.max - (1 << 30) else { return (Int.max >> 30) << 30 }
    return bytes >= 1 << 30 ? ((bytes + (1 << 30) - 1) >> 30) << 30 : ((bytes + (1 << 20) - 1) >> 20) << 20
  }

  /// Parses a `--kdf-budget` value: a number with `MiB`/`M` or `GiB`/`G` (GiB when none).
  ///
  /// - Returns: nil for anything else, or a size below the default (the budget only grows).
  public static func parse(_ text: String) -> KDFBudget? {
    var digits = text.lowercased().filter { $0 != " " }
    var unit = 1 << 30
    for (suffix, value) in [("gib", 1 << 30), ("g", 1 << 30), ("mib", 1 << 20), ("m", 1 << 20)] where digits.hasSuffix(suffix) {
      digits.removeLast(suffix.count)
      unit = value
      break
    }
    guard let number = Int(digits), number > 0, number <= (1 << 40) / unit else { return nil }
    let bytes = number * unit
    guard bytes >= defaultMemory else { return nil }
    return KDFBudget(memoryBytes: bytes)
  }
}
