import ArgumentParser
import OTPCore
import Vault

/// `otter rename`: change an account's issuer or name.
struct Rename: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Change the issuer and/or the name of an account.")

  @Argument(help: "The account, as issuer:name or a unique part of it.")
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
    let renamed = try options.modifyVault { vault throws(OtterFailure) -> String in
      let record = try Code.single(query, in: vault.contents)
      guard let index = vault.contents.records.firstIndex(where: { $0.id == record.id }) else { return "" }
      if let issuer { vault.contents.records[index].account.issuer = issuer }
      if let name { vault.contents.records[index].account.name = name }
      vault.contents.records[index].modified = currentTime()
      return Sanitizer.displayText(record.label) + " → " + Sanitizer.displayText(vault.contents.records[index].label)
    }
    StandardOutput.shared.write("renamed \(renamed)\n")
  }
}
