import Posix

#if canImport(Glibc)
  import Glibc
#endif

/// Where the vault lives: the file, its backup, its lock file and its folder.
public struct VaultLocation: Sendable, Equatable {
  public let path: String

  public init(path: String) { self.path = path }

  public var folder: String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
  public var backupPath: String { path + ".bak" }
  public var lockPath: String { path + ".lock" }
  /// The file's name without its folder.
  public var baseName: String {
    guard let slash = path.lastIndex(of: "/") else { return path }
    return String(path[path.index(after: slash)...])
  }

  /// The vault to use: the `--vault` flag, else `OTTER_VAULT`, else
  /// `$XDG_DATA_HOME/otter/vault.otter`, else `$HOME/.local/share/otter/vault.otter`.
  public static func resolve(flag: String?, environment: [String: String]) -> VaultLocation {
    if let flag, !flag.isEmpty { return VaultLocation(path: flag) }
    if let variable = environment["OTTER_VAULT"], !variable.isEmpty { return VaultLocation(path: variable) }
    if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
      return VaultLocation(path: data + "/otter/vault.otter")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/"
    return VaultLocation(path: home + "/.local/share/otter/vault.otter")
  }

  /// The location with symbolic links at its end followed (at most 16), so that a vault kept in
  /// a sync folder and linked from `~/.local/share/otter` is written where it really is.
  func followingLinks() -> VaultLocation {
    var current = self
    for _ in 0..<16 {
      guard let info = try? Posix.linkStatus(current.path), info.st_mode & S_IFMT == S_IFLNK,
        let target = Posix.linkTarget(current.path)
      else { break }
      current = VaultLocation(path: target.hasPrefix("/") ? target : current.folder + "/" + target)
    }
    return current
  }
}

/// Reads and writes the vault file so that no failure or crash loses it.
///
/// Writes go to a temporary file in the same folder, are flushed with `fsync`, and replace the
/// vault with `rename`; the folder is flushed after. The previous vault stays as
/// `vault.otter.bak` (a hard link to the old file, so the vault path never disappears). Writers
/// hold an exclusive `flock` on `vault.otter.lock`; readers take no lock, since a rename shows
/// them either the old file or the new one, whole.
///
/// A vault path that is a symbolic link is resolved once, when the store is made: the
/// temporary file, the backup and the lock live beside the target, and the rename replaces the
/// target, so the link stays a link. Nothing is used in a folder that another user could
/// change: the vault's folder and every folder above it (the link's and the target's) must
/// belong to the user or to root and must not be writable by others, unless it is a sticky
/// folder owned by root such as `/tmp`, where every file Otter uses must be the user's own.
public struct VaultStore: Sendable {
  /// The vault as the user named it (messages use this).
  public let location: VaultLocation
  /// The vault file itself, symbolic links followed.
  public let file: VaultLocation

  /// The largest vault file read (a 10,000-account vault is about 3 MiB).
  static let maximumFileSize = 256 << 20

  public init(location: VaultLocation) {
    self.location = location
    file = location.followingLinks()
  }

  /// Whether a vault file exists at the location.
  public func exists() throws(StoreError) -> Bool {
    try StoreError.map { () throws(SystemError) in try Posix.status(file.path) != nil }
  }

  /// The vault's bytes, after checking that no other user can write it or a folder above it.
  ///
  /// - Throws: `StoreError.notFound`, `.unsafePermissions`, `.notAFile`, or `.system`.
  public func read() throws(StoreError) -> [UInt8] {
    try checkFolders()
    guard let info = try StoreError.map({ () throws(SystemError) in try Posix.status(file.path) }) else {
      throw .notFound(path: location.path)
    }
    try checkFile(info, path: file.path)
    return try StoreError.map { () throws(SystemError) in
      // No link expected here (links were followed above), and no wait on a FIFO swapped in.
      let fd = try Posix.open(file.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
      defer { Posix.close(fd) }
      let opened = try Posix.status(of: fd, path: file.path)
      guard opened.st_mode & S_IFMT == S_IFREG, opened.st_uid == Posix.effectiveUser else {
        throw SystemError(operation: "open", path: file.path, code: EPERM)
      }
      return try Posix.readAll(fd, path: file.path, limit: Self.maximumFileSize)
    }
  }

  /// Refuses a vault file that is not a regular file of this user, writable by no one else.
  private func checkFile(_ info: stat, path: String) throws(StoreError) {
    let type = info.st_mode & S_IFMT
    guard type == S_IFREG else { throw .notAFile(path: path, kind: Self.kind(type)) }
    if info.st_mode & 0o022 != 0 {
      throw .unsafePermissions(
        path: location.path,
        detail:
          "it can be written by other users (mode \(String(info.st_mode & 0o7777, radix: 8))); run `chmod go-w \(path)` if that is not intended"
      )
    }
    if info.st_uid != Posix.effectiveUser {
      throw .unsafePermissions(path: location.path, detail: "it belongs to another user (uid \(info.st_uid))")
    }
  }

  static func kind(_ type: mode_t) -> String {
    switch type {
    case S_IFDIR: "a folder"
    case S_IFIFO: "a named pipe (FIFO)"
    case S_IFCHR, S_IFBLK: "a device"
    case S_IFSOCK: "a socket"
    case S_IFLNK: "a symbolic link"
    default: "not a regular file"
    }
  }

  /// Checks every folder above the vault (the link's and the target's), and in a shared sticky
  /// folder the files Otter would use there.
  func checkFolders() throws(StoreError) {
    var checked = Set<String>()
    for folder in Set([location.folder, file.folder]) {
      try checkChain(from: folder, checked: &checked)
    }
    // In a sticky folder others may create names: every file Otter uses there must be ours.
    if let info = try? Posix.status(file.folder), info.st_mode & S_ISVTX != 0 {
      for path in [file.path, file.backupPath, file.lockPath] {
        guard let owned = try? Posix.linkStatus(path) else { continue }
        if owned.st_uid != Posix.effectiveUser {
          throw .unsafePermissions(
            path: location.path,
            detail:
              "\(path) belongs to another user (uid \(owned.st_uid)) in the shared folder \(file.folder); keep the vault in a folder of your own (mode 0700)"
          )
        }
      }
    }
  }

  /// Walks from `folder` up to `/`, refusing a folder that another user owns or can write.
  private func checkChain(from folder: String, checked: inout Set<String>) throws(StoreError) {
    var current = Self.absolute(folder)
    while true {
      if checked.insert(current).inserted, let info = try? Posix.status(current) {
        let mode = info.st_mode & 0o7777
        let sharedSticky = mode & mode_t(S_ISVTX) != 0 && info.st_uid == 0
        if info.st_uid != 0 && info.st_uid != Posix.effectiveUser {
          throw .unsafePermissions(
            path: location.path,
            detail: "the folder \(current) belongs to another user (uid \(info.st_uid)); keep the vault in a folder of your own")
        }
        if mode & 0o022 != 0 && !sharedSticky {
          throw .unsafePermissions(
            path: location.path,
            detail:
              "the folder \(current) can be written by other users (mode \(String(mode, radix: 8))), who could swap the vault for an older copy; run `chmod go-w \(current)` or move the vault"
          )
        }
      }
      guard current != "/" else { return }
      current = VaultLocation(path: current).folder
    }
  }

  /// `path` as an absolute path without `.` and `..` components (the working folder for a
  /// relative one); the folders themselves are not resolved.
  public static func absolute(_ path: String) -> String {
    var base = path
    if !path.hasPrefix("/") {
      var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
      let cwd = unsafe buffer.withUnsafeMutableBytes {
        unsafe getcwd($0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count)
      }
      base = (unsafe cwd != nil ? String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self) : "") + "/" + path
    }
    var parts: [Substring] = []
    for part in base.split(separator: "/") {
      if part == "." { continue }
      if part == ".." {
        _ = parts.popLast()
      } else {
        parts.append(part)
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// Creates the vault's folder (mode 0700) and any missing parents.
  public func createFolder() throws(StoreError) {
    try StoreError.map { () throws(SystemError) in try Posix.makeFolders(file.folder, mode: 0o700) }
  }

  /// Replaces the vault with `bytes` atomically; with `createOnly`, fails if a vault exists.
  ///
  /// - Throws: `StoreError.alreadyExists` (with `createOnly`), `.unsafePermissions`, `.system`
  ///   on any I/O failure, in which case the previous vault is untouched.
  ///   Call it while holding the writer lock: it removes temporary files that a killed writer
  ///   left behind, which is only safe when no other writer can be running.
  ///
  /// - Parameter expecting: the bytes the caller read (under the lock) and changed: just
  ///   before the rename the file is read again, and if another program replaced it meanwhile
  ///   nothing is written and `StoreError.replacedMeanwhile` carries what is there now.
  public func write(_ bytes: [UInt8], createOnly: Bool = false, expecting: [UInt8]? = nil) throws(StoreError) {
    try checkFolders()
    if let info = try StoreError.map({ () throws(SystemError) in try Posix.status(file.path) }) {
      try checkFile(info, path: file.path)
    }
    removeStaleTemporaries()
    let temporary = file.folder + "/.\(file.baseName).tmp-\(Posix.processID)-\(UInt32.random(in: 0...UInt32.max))"
    let fd = try StoreError.map { () throws(SystemError) in
      try Posix.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600)
    }
    var committed = false
    defer {
      if !committed { Posix.unlink(temporary) }
    }
    try StoreError.map { () throws(SystemError) in
      defer { Posix.close(fd) }
      try Posix.setMode(fd, 0o600, path: temporary)
      try Posix.writeAll(fd, bytes, path: temporary)
      try Posix.sync(fd, path: temporary)
    }
    if createOnly {
      // link(2) refuses to replace an existing name: no window where two creators both win.
      do { try Posix.link(temporary, file.path) } catch {
        throw error.code == EEXIST ? .alreadyExists(path: location.path) : StoreError(error)
      }
      Posix.unlink(temporary)
    } else {
      if let expecting {
        let current = try StoreError.map { () throws(SystemError) -> [UInt8] in
          let fd = try Posix.open(file.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
          defer { Posix.close(fd) }
          return try Posix.readAll(fd, path: file.path, limit: 256 << 20)
        }
        guard current == expecting else { throw .replacedMeanwhile(path: location.path, current: current) }
      }
      try StoreError.map { () throws(SystemError) in
        try keepBackup()
        try Posix.rename(temporary, file.path)
      }
    }
    committed = true
    try StoreError.map { () throws(SystemError) in try Posix.syncFolder(file.folder) }
  }

  /// Makes `vault.otter.bak` another name for the current vault file before it is replaced.
  private func keepBackup() throws(SystemError) {
    guard try Posix.status(file.path) != nil else { return }
    let temporary = file.backupPath + ".tmp-\(Posix.processID)"
    Posix.unlink(temporary)
    try Posix.link(file.path, temporary)
    // A file git checked out (or a copy made by hand) may be 0644: the backup holds the same
    // secrets as the vault, so it is 0600 whatever the old file's mode was.
    try Posix.setMode(path: temporary, 0o600)
    try Posix.rename(temporary, file.backupPath)
  }

  /// Deletes `.vault.otter.tmp-*` and `vault.otter.bak.tmp-*` files of writers that died.
  private func removeStaleTemporaries() {
    guard let names = try? Posix.folderEntries(file.folder) else { return }
    let backupBase = file.baseName + ".bak.tmp-"
    for name in names where name.hasPrefix("." + file.baseName + ".tmp-") || name.hasPrefix(backupBase) {
      let path = file.folder + "/" + name
      // Only our own: in a shared folder another user's file of that name is not ours to remove.
      if let info = try? Posix.linkStatus(path), info.st_uid == Posix.effectiveUser { Posix.unlink(path) }
    }
  }

  /// Runs `body` while holding the exclusive writer lock.
  ///
  /// - Parameter lockFailure: turns a failure to open or take the lock into the caller's error.
  /// - Throws: what `lockFailure` makes of a lock problem; whatever `body` throws.
  public func withWriteLock<Result, Failure: Error>(
    lockFailure: (StoreError) -> Failure, _ body: () throws(Failure) -> Result
  ) throws(Failure) -> Result {
    let fd: Int32
    switch Swift.Result(catching: { () throws(StoreError) in try openLock() }) {
    case .success(let value): fd = value
    case .failure(let error): throw lockFailure(error)
    }
    defer { Posix.close(fd) }  // closing the descriptor releases the lock
    return try body()
  }

  /// Opens and locks the lock file: never through a symbolic link, never a FIFO or a device.
  private func openLock() throws(StoreError) -> Int32 {
    try checkFolders()
    let path = file.lockPath
    let fd = try StoreError.map { () throws(SystemError) in
      try Posix.open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK, mode: 0o600)
    }
    do throws(StoreError) {
      let info = try StoreError.map { () throws(SystemError) in try Posix.status(of: fd, path: path) }
      guard info.st_mode & S_IFMT == S_IFREG else {
        throw StoreError.notAFile(path: path, kind: Self.kind(info.st_mode & S_IFMT))
      }
      guard info.st_uid == Posix.effectiveUser else {
        throw StoreError.unsafePermissions(path: location.path, detail: "\(path) belongs to another user (uid \(info.st_uid))")
      }
      try StoreError.map { () throws(SystemError) in try Posix.lockExclusive(fd, path: path) }
      return fd
    } catch {
      Posix.close(fd)
      throw error
    }
  }
}
