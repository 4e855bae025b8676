import CryptoPrimitives
import Glibc
import OTPCore
import Posix

/// `otter type`: the current code typed into the focused window by the desktop's own tool —
/// `wtype` on Wayland, `xdotool type` on X11, `ydotool` where neither works (it needs its
/// daemon and /dev/uinput). The code goes to the tool on its standard input, never in argv.
public enum CodeTyping {
  /// A tool and how to type with it.
  struct Typist: Equatable {
    var name: String
    var type: [String]
    var enter: [String]
  }

  /// The tools to try, in order, for this session.
  static func typists(environment: [String: String]) -> [Typist] {
    func present(_ name: String) -> Bool { !(environment[name] ?? "").isEmpty }
    var typists: [Typist] = []
    if present("WAYLAND_DISPLAY"), ChildProcess.exists("wtype") {
      typists.append(Typist(name: "wtype", type: ["wtype", "-"], enter: ["wtype", "-k", "Return"]))
    }
    if present("DISPLAY"), ChildProcess.exists("xdotool") {
      typists.append(
        Typist(name: "xdotool", type: ["xdotool", "type", "--file", "-"], enter: ["xdotool", "key", "Return"]))
    }
    if ChildProcess.exists("ydotool") {
      typists.append(
        Typist(name: "ydotool", type: ["ydotool", "type", "--file", "-"], enter: ["ydotool", "key", "28:1", "28:0"]))
    }
    return typists
  }

  /// How long before a code's end it is still typed: less than this and the next one is waited for.
  public static let minimumLeft = 3

  /// Types the code of `account` at `now()` (waiting for the next one when this one has less
  /// than 3 s left), then Enter with `enter`.
  ///
  /// - Returns: the name of the tool that typed it.
  /// - Throws: `OtterFailure` 69 when no tool can type here.
  public static func type(
    _ account: OTPAccount, enter: Bool, environment: [String: String] = Environment.all, now: () -> Int64 = currentTime,
    wait: (Int) -> Void = { seconds in _ = sleep(UInt32(seconds)) }
  ) throws(OtterFailure) -> String {
    let typists = typists(environment: environment)
    guard !typists.isEmpty else {
      throw OtterFailure(
        .unavailable,
        "nothing can type here: install wtype (Wayland), xdotool (X11) or ydotool, and run otter type in the desktop session")
    }
    let generator: OTPGenerator
    do { generator = try OTPGenerator(account: account) } catch {
      throw OtterFailure(.ioError, "cannot set up the key: \(error)")
    }
    var time = now()
    if account.isTimeBased {
      let left = TimeStep.remaining(at: time, period: account.period)
      if left < minimumLeft {
        StandardError.write("otter: this code has \(left) s left; typing the next one in \(left) s\n")
        wait(left)
        time = now()
        while TimeStep.remaining(at: time, period: account.period) < minimumLeft {
          wait(1)
          time = now()
        }
      }
    }
    let counter: UInt64
    if account.isTimeBased {
      do { counter = try TimeStep.counter(at: time, period: account.period) } catch { throw OtterFailure(.dataError, "\(error)") }
    } else {
      counter = account.counter
    }
    var code = Array(generator.code(counter: counter).utf8)
    defer { wipe(&code) }
    var failures: [String] = []
    for typist in typists {
      guard let typed = ChildProcess.run(typist.type, input: code, errors: .discard), typed.status == 0 else {
        failures.append("\(typist.name) could not type")
        continue
      }
      if enter, ChildProcess.run(typist.enter, errors: .discard)?.status != 0 {
        throw OtterFailure(.ioError, "\(typist.name) typed the code but could not press Enter")
      }
      return typist.name
    }
    throw OtterFailure(.unavailable, failures.joined(separator: "; ") + "; nothing typed the code")
  }
}
