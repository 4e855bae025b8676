import Foundation
import Testing

@testable import Posix

@Suite("Posix wrappers")
struct PosixTests {
  @Test("writeAll and readAll move every byte through a pipe; readAll stops at its limit with EFBIG")
  func pipeRoundTrip() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let bytes = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
    let writeEnd = fds[1]
    let writer = Thread {
      try? Posix.writeAll(writeEnd, bytes)
      Posix.close(writeEnd)
    }
    writer.start()
    #expect(try Posix.readAll(fds[0], limit: 1 << 20) == bytes)
    Posix.close(fds[0])

    #expect(pipe(&fds) == 0)
    try Posix.writeAll(fds[1], bytes[0..<2000])
    Posix.close(fds[1])
    let error = #expect(throws: SystemError.self) { try Posix.readAll(fds[0], limit: 1000) }
    #expect(error?.code == EFBIG)
    Posix.close(fds[0])
  }

  @Test("a missing file is an error with ENOENT and the path; status of nothing is nil")
  func missing() throws {
    let error = #expect(throws: SystemError.self) { try Posix.open("/nonexistent/otter", O_RDONLY) }
    #expect(error?.code == ENOENT)
    #expect(error?.description.contains("/nonexistent/otter") == true)
    #expect(try Posix.status("/nonexistent/otter") == nil)
  }

  @Test("a child gets its input, gives back its output and status, and starts with no signal blocked")
  func child() throws {
    let echoed = try #require(ChildProcess.run(["cat"], input: Array("hello".utf8)))
    #expect(echoed.status == 0)
    #expect(echoed.output == Array("hello".utf8))
    #expect(ChildProcess.run(["/bin/sh", "-c", "exit 3"])?.status == 3)
    #expect(ChildProcess.run(["/bin/sh", "-c", "kill -TERM $$"])?.status == 128 + SIGTERM)
    #expect(ChildProcess.run(["no-such-program-otter"]) == nil)
    // Block SIGTERM here (as test runners and some runtimes do): the child must not inherit it.
    var blocked = sigset_t()
    sigemptyset(&blocked)
    sigaddset(&blocked, SIGTERM)
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    let status = try #require(ChildProcess.run(["/bin/sh", "-c", "grep SigBlk /proc/self/status"]))
    #expect(String(decoding: status.output, as: UTF8.self).contains("0000000000000000"))
  }

  @Test("output beyond the limit is read and dropped, so the child never blocks on a full pipe")
  func outputLimit() throws {
    let finished = try #require(ChildProcess.run(["/bin/sh", "-c", "head -c 200000 /dev/zero"], limit: 100))
    #expect(finished.status == 0)
    #expect(finished.output.count == 100)
  }

  @Test("folder entries list names without . and ..")
  func entries() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("posix-\(UUID().uuidString)").path
    try Posix.makeFolder(folder, mode: 0o700)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    FileManager.default.createFile(atPath: folder + "/a", contents: nil)
    FileManager.default.createFile(atPath: folder + "/.b", contents: nil)
    #expect(Set(try Posix.folderEntries(folder)) == ["a", ".b"])
    #expect(try Posix.status(folder).map { $0.st_mode & 0o777 } == 0o700)
  }
}

@Suite("Child descriptors")
struct ChildDescriptorTests {
  @Test("a child keeps only its standard streams, even of descriptors this process did not mark close-on-exec")
  func noInheritedDescriptors() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    defer {
      Posix.close(fds[0])
      Posix.close(fds[1])
    }
    let listed = try #require(ChildProcess.run(["/bin/sh", "-c", "ls /proc/self/fd"]))
    let open = String(decoding: listed.output, as: UTF8.self).split(separator: "\n").compactMap { Int($0) }
    #expect(!open.contains(Int(fds[0])) && !open.contains(Int(fds[1])), "\(open)")
  }
}
