import ArgumentParser
import OtterKit

/// The arguments after OtterKit's routing (global options anywhere, a mistyped command, a URI
/// on the command line), against this program's commands.
func routedArguments(_ arguments: [String]) throws(OtterFailure) -> [String] {
  try OtterKit.routedArguments(arguments, commands: Otter.configuration.subcommands.map { $0._commandName } + ["help"])
}
