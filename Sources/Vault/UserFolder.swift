/// The XDG base folders Otter keeps its files in, each under an `otter` folder of its own.
public enum UserFolder: Sendable {
  /// `$XDG_DATA_HOME`, else `~/.local/share`: the vault, the backup copies.
  case data
  /// `$XDG_STATE_HOME`, else `~/.local/state`: the device id, the rollback memory, the clock offset.
  case state
  /// `$XDG_CONFIG_HOME`, else `~/.config`: settings.
  case config

  var variable: String {
    switch self {
    case .data: "XDG_DATA_HOME"
    case .state: "XDG_STATE_HOME"
    case .config: "XDG_CONFIG_HOME"
    }
  }

  var fallback: String {
    switch self {
    case .data: "/.local/share"
    case .state: "/.local/state"
    case .config: "/.config"
    }
  }

  /// `<folder>/otter/<name>` for `environment`; nil when neither the variable nor `HOME` is an
  /// absolute path.
  public func otter(_ name: String, environment: [String: String]) -> String? {
    if let base = environment[variable], base.hasPrefix("/") { return base + "/otter/" + name }
    guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
    return home + fallback + "/otter/" + name
  }
}
