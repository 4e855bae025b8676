import Foundation
import TestSupport
import Testing

/// Starts `otter add` for one URI and returns the running process.
func startAdd(vault: TestVault, name: String) throws -> Process {
  let input = vault.folder.file("uri-\(name)")
  try vault.folder.write("uri-\(name)", "otpauth://totp/Crash:\(name)?secret=\(rfcSecret)\n")
  let process = Process()
  process.executableURL = URL(fileURLWithPath: otterPath)
  process.arguments = ["add"] + vault.common
  process.environment = vault.environment
  process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
  process.standardOutput = FileHandle.nullDevice
  process.standardError = FileHandle.nullDevice
  try process.run()
  return process
}

/// The account names in the vault, read through `otter list --json`.
func names(in vault: TestVault) throws -> (status: Int32, names: Set<String>) {
  let listed = try vault.run(["list", "--json"])
  guard listed.status == 0,
    let objects = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]]
  else { return (listed.status, []) }
  return (0, Set(objects.compactMap { $0["name"] as? String }))
}

@Suite("Crashes and concurrent writers", .serialized)
struct VaultCrashTests {
  @Test("SIGKILL at random instants, 200 times: the vault always opens and no acknowledged add is lost")
  func killedWriters() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    var acknowledged: Set<String> = []
    // Calibrate: how long one uninterrupted add takes on this machine (process start, scrypt at
    // 2^14, write); the kills then land anywhere from before start-up to after completion.
    var durations: [Double] = []
    for round in 0..<3 {
      let start = Date()
      let process = try startAdd(vault: vault, name: "warm\(round)")
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
      acknowledged.insert("warm\(round)")
      durations.append(Date().timeIntervalSince(start))
    }
    let typical = durations.sorted()[1]
    var killedMidway = 0
    for round in 0..<200 {
      let name = "n\(round)"
      let process = try startAdd(vault: vault, name: name)
      usleep(UInt32(Double.random(in: 0...(2 * typical)) * 1_000_000))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      if process.terminationReason == .exit && process.terminationStatus == 0 {
        acknowledged.insert(name)
      } else {
        killedMidway += 1
      }
      let state = try names(in: vault)
      #expect(state.status == 0, "round \(round): the vault did not open after a kill")
      #expect(acknowledged.isSubset(of: state.names), "round \(round): an acknowledged add was lost")
      let possible = Set((0...round).map { "n\($0)" } + ["warm0", "warm1", "warm2"])
      #expect(state.names.isSubset(of: possible), "round \(round): unexpected accounts")
    }
    // The test only means something if kills landed both before and after completion.
    // (Delays up to twice the typical add, so under any load some kills land after completion.)
    #expect(killedMidway > 10)
    #expect(acknowledged.count > 10)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: vault.folder.file("data"))
      .filter { $0.contains(".tmp-") }
    #expect(leftovers.count <= 1, "temporary files pile up: \(leftovers)")
  }

  @Test("4 processes each adding 50 accounts at the same time end with all 200")
  func concurrentWriters() throws {
    let vault = try TestVault()
    defer { vault.folder.remove() }
    let group = DispatchGroup()
    let failures = Failures()
    for writer in 0..<4 {
      group.enter()
      Thread {
        defer { group.leave() }
        for index in 0..<50 {
          let name = "w\(writer)-\(index)"
          let result = try? vault.run(["add"], input: "otpauth://totp/Conc:\(name)?secret=\(rfcSecret)\n")
          if result?.status != 0 { failures.add("\(name): \(result?.error ?? "did not run")") }
        }
      }.start()
    }
    group.wait()
    #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
    let state = try names(in: vault)
    #expect(state.names.count == 200)
  }
}

/// Failure messages collected from several threads.
final class Failures: @unchecked Sendable {
  private var items: [String] = []
  private let lock = NSLock()
  func add(_ item: String) { lock.withLock { items.append(item) } }
  var all: [String] { lock.withLock { items } }
}
