// swift-tools-version: 6.2
import PackageDescription

/// Targets that build cleanly with strict memory safety mark their unsafe sites explicitly.
let strictMemorySafety: [SwiftSetting] = [.strictMemorySafety()]

let package = Package(
  name: "Otter",
  products: [
    .executable(name: "otter", targets: ["otter"]),
    .executable(name: "otter-qr-scan", targets: ["otter-qr-scan"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // System libraries: each is a module map beside a shim header that says why it exists.
    .systemLibrary(
      name: "COpenSSL",
      pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]
    ),
    // XChaCha20-Poly1305 (ente Auth) and Argon2id with lanes (Authenticator Pro, ente): not in
    // OpenSSL 3.0. Both are imported by CryptoPrimitives alone, as COpenSSL is.
    .systemLibrary(
      name: "CSodium",
      pkgConfig: "libsodium",
      providers: [.apt(["libsodium-dev"])]
    ),
    .systemLibrary(
      name: "CArgon2",
      pkgConfig: "libargon2",
      providers: [.apt(["libargon2-dev"])]
    ),
    // Phone databases (Google and Microsoft Authenticator), read from memory, read-only.
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    // Exports that come as zip archives (Proton Pass, WinAuth), read from memory.
    .systemLibrary(
      name: "CZip",
      pkgConfig: "libzip",
      providers: [.apt(["libzip-dev"])]
    ),
    // gzip, for KeePass databases' compressed XML.
    .systemLibrary(
      name: "CZlib",
      pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // XML from other apps: KeePass's inner document, Android's preferences files.
    .systemLibrary(
      name: "CExpat",
      pkgConfig: "expat",
      providers: [.apt(["libexpat1-dev"])]
    ),
    // The desktop keyring (the freedesktop Secret Service), for the keyring slot.
    .systemLibrary(
      name: "CSecret",
      providers: [.apt(["libsecret-1-0"])]
    ),
    // libsystemd's sd-bus, for the agent's locking with the session (opened with dlopen).
    .systemLibrary(
      name: "CSDBus",
      providers: [.apt(["libsystemd-dev"])]
    ),
    // cairo's PDF surface, for the paper backup (opened with dlopen).
    .systemLibrary(
      name: "CCairo",
      providers: [.apt(["libcairo2-dev"])]
    ),
    // libfido2, for the fido2 key slot.
    .systemLibrary(
      name: "CFIDO2",
      providers: [.apt(["libfido2-dev"])]
    ),
    // tpm2-tss's ESAPI, for the tpm2 key slot.
    .systemLibrary(
      name: "CTPM2",
      providers: [.apt(["libtss2-dev"])]
    ),
    .systemLibrary(
      name: "CNCurses",
      providers: [.apt(["libncurses-dev"])]
    ),
    .systemLibrary(
      name: "CQRencode",
      pkgConfig: "libqrencode",
      providers: [.apt(["libqrencode-dev"])]
    ),

    .systemLibrary(
      name: "CZbar",
      pkgConfig: "zbar",
      providers: [.apt(["libzbar-dev"])]
    ),
    .systemLibrary(
      name: "CImageCodecs",
      pkgConfig: "libpng",
      providers: [.apt(["libpng-dev", "libjpeg-dev", "libwebp-dev"])]
    ),
    // Linux calls Swift cannot make directly (variadic prctl, _GNU_SOURCE-only declarations):
    // a C target, so that _GNU_SOURCE stays inside its one .c file.
    .target(name: "CLinux"),

    // Thin libc wrappers (files, locks, child processes), shared by Vault and OtterKit.
    .target(
      name: "Posix",
      dependencies: ["CLinux"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of COpenSSL, CSodium and CArgon2.
    .target(
      name: "CryptoPrimitives",
      dependencies: ["COpenSSL", "CSodium", "CArgon2"],
      swiftSettings: strictMemorySafety
    ),
    // Pure domain: accounts, base32, otpauth URIs, HOTP/TOTP/Steam. No I/O, no clock, no C.
    .target(
      name: "OTPCore",
      dependencies: ["CryptoPrimitives"],
      swiftSettings: strictMemorySafety
    ),
    // A small JSON reader and writer that keeps member order and number text.
    .target(
      name: "JSONCodec",
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CSQLite: one table of a database file, read from memory.
    .target(
      name: "SQLiteTables",
      dependencies: ["CSQLite"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CZip: a zip archive's entries, read from memory and bounded.
    .target(
      name: "ZipArchive",
      dependencies: ["CZip", "CryptoPrimitives"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CZlib: one gzip stream inflated, bounded.
    .target(
      name: "Inflate",
      dependencies: ["CZlib"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CExpat: a document read into a tree, no DTD, bounded.
    .target(
      name: "XMLTree",
      dependencies: ["CExpat"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CSecret: a vault's key kept in the desktop keyring.
    .target(
      name: "Keyring",
      dependencies: ["CSecret", "CryptoPrimitives"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CCairo: pages of a PDF drawn with rectangles and text.
    .target(
      name: "PaperPDF",
      dependencies: ["CCairo"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CSDBus: logind's and the screen saver's signals.
    .target(
      name: "SessionSignals",
      dependencies: ["CSDBus"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CFIDO2: hmac-secret from a FIDO2 security key.
    .target(
      name: "FIDO2Secret",
      dependencies: ["CFIDO2", "CryptoPrimitives"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CTPM2: a secret sealed to the TPM.
    .target(
      name: "TPMSeal",
      dependencies: ["CTPM2", "CryptoPrimitives"],
      swiftSettings: strictMemorySafety
    ),
    // The ssh-agent protocol on a Unix socket: the keys an agent holds, signatures by one.
    .target(
      name: "SSHAgentClient",
      dependencies: ["Posix", "CryptoPrimitives", "OTPCore"],
      swiftSettings: strictMemorySafety
    ),
    // One importer per format, all producing accounts; the exporters beside them.
    .target(
      name: "Importers",
      dependencies: ["OTPCore", "CryptoPrimitives", "JSONCodec", "SQLiteTables", "ZipArchive", "Inflate", "XMLTree"],
      exclude: ["migration.proto"],
      swiftSettings: strictMemorySafety
    ),
    // File format, codec, atomic store and locking.
    .target(
      name: "Vault",
      dependencies: ["OTPCore", "CryptoPrimitives", "JSONCodec", "Posix"],
      swiftSettings: strictMemorySafety
    ),
    // The only file that calls libqrencode lives here (renderer: issue 4).
    .target(
      name: "QRCodeArt",
      dependencies: ["CQRencode", "Posix"],
      swiftSettings: strictMemorySafety
    ),
    // QR codes in PNG and JPEG images (libpng, libjpeg, libzbar); the only importer of those.
    .target(
      name: "ImageScan",
      dependencies: ["CZbar", "CImageCodecs"],
      swiftSettings: strictMemorySafety
    ),
    // The viewer's pure core: state, reducer, screen model. No terminal, no I/O.
    .target(
      name: "TUI",
      dependencies: ["OTPCore", "CryptoPrimitives", "QRCodeArt"],
      swiftSettings: strictMemorySafety
    ),
    // The only importer of CNCurses.
    .target(
      name: "CursesTerminal",
      dependencies: ["CNCurses", "TUI", "Posix"],
      swiftSettings: strictMemorySafety
    ),
    // Everything the commands share: the vault session, password sources, the viewer's sources
    // and run loop, clipboard routes, output (tables, codes, QR), import and export flows, and
    // the process/terminal system layer. No argument parsing.
    .target(
      name: "OtterKit",
      dependencies: [
        "OTPCore", "CryptoPrimitives", "Vault", "JSONCodec", "Importers", "CLinux", "Posix", "QRCodeArt", "TUI",
        "CursesTerminal", "SQLiteTables", "Keyring", "SSHAgentClient", "TPMSeal", "FIDO2Secret", "SessionSignals",
        "PaperPDF",
      ],
      swiftSettings: strictMemorySafety
    ),
    // The executable: @main root, one file per command, the shared option groups.
    .executableTarget(
      name: "otter",
      dependencies: [
        "OtterKit", "OTPCore", "CryptoPrimitives", "Vault", "Importers", "Posix", "QRCodeArt", "CursesTerminal", "TUI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictMemorySafety
    ),
    // The QR scanner otter import runs for images: the only binary that links libzbar, libpng
    // and libjpeg (libzbar brings X11 and D-Bus), installed beside otter.
    .executableTarget(
      name: "otter-qr-scan",
      dependencies: ["ImageScan", "Posix", "CLinux"],
      swiftSettings: strictMemorySafety
    ),
    // Developer measurements (not a user command): vault open/list/save and the viewer's frames.
    .executableTarget(
      name: "otter-bench",
      dependencies: [
        "OtterKit", "OTPCore", "CryptoPrimitives", "Vault", "TUI",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // Helpers shared by the test targets: running programs, finding the package and the binary.
    .target(
      name: "TestSupport",
      path: "Tests/TestSupport"
    ),
    // libFuzzer harnesses (scripts/fuzz builds them with -sanitize=fuzzer); a normal build
    // replays inputs through them.
    .executableTarget(
      name: "otter-fuzz",
      dependencies: ["OTPCore", "CryptoPrimitives", "Importers", "JSONCodec", "Vault", "SQLiteTables", "Inflate", "XMLTree"]
    ),
    .testTarget(
      name: "SlotSourcesTests",
      dependencies: ["SSHAgentClient", "Keyring", "TPMSeal", "FIDO2Secret", "SessionSignals", "CryptoPrimitives", "TestSupport"]
    ),
    .testTarget(
      name: "CryptoPrimitivesTests",
      dependencies: ["CryptoPrimitives"]
    ),
    .testTarget(
      name: "OTPCoreTests",
      dependencies: [
        "OTPCore",
        "TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "VaultTests",
      dependencies: [
        "Vault", "OTPCore", "CryptoPrimitives", "JSONCodec", "TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "QRCodeArtTests",
      dependencies: ["QRCodeArt", "TestSupport"]
    ),
    .testTarget(
      name: "TUITests",
      dependencies: ["TUI", "OTPCore", "CryptoPrimitives", .product(name: "PropertyBased", package: "swift-property-based")]
    ),
    .testTarget(
      name: "ImportersTests",
      dependencies: ["Importers", "ImageScan", "QRCodeArt", "OTPCore", "CryptoPrimitives", "JSONCodec", "Inflate", "XMLTree", "TestSupport"]
    ),
    .testTarget(
      name: "JSONCodecTests",
      dependencies: ["JSONCodec", .product(name: "PropertyBased", package: "swift-property-based")]
    ),
    .testTarget(
      name: "PosixTests",
      dependencies: ["Posix"]
    ),
    .testTarget(
      name: "OtterKitTests",
      dependencies: ["OtterKit", "Vault", "OTPCore", "CryptoPrimitives", "TUI", "TestSupport"]
    ),
    .testTarget(
      name: "CLITests",
      dependencies: ["OTPCore", "Vault", "CryptoPrimitives", "QRCodeArt", "JSONCodec", "TestSupport"]
    ),
  ]
)
