import CryptoPrimitives
import Foundation
import TPMSeal
import TestSupport
import Testing

/// A software TPM 2.0 (`swtpm socket --tpm2`) on loopback, with a fresh state folder of its
/// own: the TCTI `swtpm:host=127.0.0.1,port=PORT` reaches it through tpm2-tss's real swtpm
/// TCTI, as `/dev/tpmrm0` would reach a real one.
final class RealTPM: @unchecked Sendable {
  let folder: TemporaryFolder
  let port: Int
  var pid: Int32 = 0

  init() throws {
    folder = try TemporaryFolder()
    // Two ports next to each other (the server's and the control channel's), from a range the
    // kernel does not hand out as ephemeral ports; a port in use makes swtpm fail, and the
    // next pair is tried.
    var chosen = 0
    for _ in 0..<20 {
      let candidate = Int.random(in: 20_000..<30_000) & ~1
      let started = shell(
        "swtpm socket --tpm2 --tpmstate dir='\(folder.path)' --server type=tcp,port=\(candidate),bindaddr=127.0.0.1 "
          + "--ctrl type=tcp,port=\(candidate + 1),bindaddr=127.0.0.1 --flags not-need-init,startup-clear "
          + "--pid file='\(folder.file("pid"))' --daemon")
      if started.status == 0 {
        chosen = candidate
        break
      }
    }
    port = chosen
    pid =
      Int32(
        (try? String(contentsOfFile: folder.file("pid"), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
      ?? 0
  }

  var tcti: String { "swtpm:host=127.0.0.1,port=\(port)" }

  func stop() {
    if pid > 0 { kill(pid, SIGTERM) }
    folder.remove()
  }
}

@Suite("A secret sealed to a TPM through tpm2-tss, against swtpm")
struct TPMTests {
  let secret = SecretBytes((0..<32).map { UInt8($0 * 5 & 0xFF) })

  @Test("sealed and unsealed by the same TPM; another TPM's state cannot load it; no TPM is said as such")
  func sealUnseal() throws {
    let tpm = try RealTPM()
    defer { tpm.stop() }
    #expect(tpm.port > 0, "swtpm did not start")
    let sealed = try TPMSeal.seal(secret, pin: nil, tcti: tpm.tcti)
    #expect(!sealed.privateBlob.isEmpty && !sealed.publicBlob.isEmpty)
    // The secret is not in the blobs.
    #expect(
      !String(decoding: sealed.privateBlob + sealed.publicBlob, as: UTF8.self).contains(
        String(decoding: secret.copiedBytes(), as: UTF8.self)))
    #expect(try TPMSeal.unseal(sealed, pin: nil, tcti: tpm.tcti).constantTimeEquals(secret))
    // Twice, from fresh connections: nothing is kept in the TPM between them.
    #expect(try TPMSeal.unseal(sealed, pin: nil, tcti: tpm.tcti).constantTimeEquals(secret))
    let other = try RealTPM()
    defer { other.stop() }
    #expect(throws: TPMSeal.Failure.otherTPM) { try TPMSeal.unseal(sealed, pin: nil, tcti: other.tcti) }
    #expect {
      try TPMSeal.unseal(sealed, pin: nil, tcti: "swtpm:host=127.0.0.1,port=1")
    } throws: { error in
      if case .noTPM = error as? TPMSeal.Failure { return true }
      return false
    }
  }

  @Test("with a PIN: the right PIN unseals, a wrong one is said to count against the lockout, and the lockout is named")
  func pin() throws {
    let tpm = try RealTPM()
    defer { tpm.stop() }
    let pin = SecretBytes(Array("2468".utf8))
    let sealed = try TPMSeal.seal(secret, pin: pin, tcti: tpm.tcti)
    #expect(try TPMSeal.unseal(sealed, pin: pin, tcti: tpm.tcti).constantTimeEquals(secret))
    #expect(throws: TPMSeal.Failure.wrongPIN) { try TPMSeal.unseal(sealed, pin: SecretBytes(Array("1357".utf8)), tcti: tpm.tcti) }
    #expect(throws: TPMSeal.Failure.wrongPIN) { try TPMSeal.unseal(sealed, pin: nil, tcti: tpm.tcti) }
    #expect(TPMSeal.Failure.wrongPIN.description.contains("lockout"))
    // Wrong PINs until the TPM locks out (swtpm's default allows a few): then even the right
    // one is refused, as lockout.
    var outcome: TPMSeal.Failure?
    for _ in 0..<40 {
      do { _ = try TPMSeal.unseal(sealed, pin: SecretBytes(Array("0000".utf8)), tcti: tpm.tcti) } catch {
        outcome = error
        if error == .lockout { break }
      }
    }
    #expect(outcome == .lockout)
    #expect(throws: TPMSeal.Failure.lockout) { try TPMSeal.unseal(sealed, pin: pin, tcti: tpm.tcti) }
  }
}
