import ArgumentParser
import OTPCore
import OtterKit

/// `otter rename`: change an account's issuer or name.
struct Rename: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rename", abstract: "Change the issuer and/or the name of an account.")

  @Argument(help: "The account, as issuer:name or a unique part of it.", completion: .custom(AccountCompletion.complete))
  var query: String

  @Option(help: "The new issuer.")
  var issuer: String?

  @Option(help: "The new account name.")
  var name: String?

  @OptionGroup var options: VaultOptions

  func validate() throws {
    if issuer == nil && name == nil { throw ValidationError("Give --issuer, --name or both.") }
    if let name, name.isEmpty && (issuer ?? "").isEmpty { throw ValidationError("The name cannot be empty.") }
  }

  func run() throws {
    let renamed = try options.writableSession(for: "rename").modify { vault throws(OtterFailure) -> String in
      let record = try AccountQuery.single(query, in: vault.contents)
      do { try vault.contents.rename(id: record.id, issuer: issuer, name: name, at: currentTime()) } catch {
        throw OtterFailure(.dataError, "\(error)")
      }
      let after = vault.contents.record(id: record.id)?.label ?? ""
      return Sanitizer.displayText(record.label) + " → " + Sanitizer.displayText(after)
    }
    StandardOutput.shared.write("renamed \(renamed)\n")
  }
}
