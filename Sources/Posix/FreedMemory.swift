import CLinux

#if canImport(Glibc)
  import Glibc
#endif

/// Scrubbing of memory that a C library copies a secret into and frees without wiping.
///
/// libqrencode copies the text it encodes (an otpauth URI, with its secret) into buffers of its
/// own and frees them as they were. For the duration of such a call glibc is told to fill
/// every freed chunk (`M_PERTURB`); chunks small enough for the thread's cache (tcache, up to
/// 1032 bytes, which skips that filling) are then taken out of the cache, zeroed and put back.
/// It is scoped to the call: for the whole process it would fill scrypt's 128 MiB twice per
/// unlock (+60–120 ms measured).
public enum FreedMemory {
  /// Runs `body` with freed memory scrubbed, then scrubs this thread's cache of small chunks.
  ///
  /// The corresponding C functions are `mallopt(M_PERTURB)`, `malloc` and `free`.
  public static func scrubbed<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
    // The low byte is the fill value (0); the value must be non-zero to switch filling on.
    _ = otter_set_free_fill(0x100)
    defer {
      scrubThreadCache()
      _ = otter_set_free_fill(0)
    }
    return try body()
  }

  /// Takes every chunk out of this thread's small-chunk cache (seven per size class, sizes up
  /// to 1032 bytes in steps of 16), zeroes it, and frees it again.
  static func scrubThreadCache() {
    var chunks = unsafe [UnsafeMutableRawPointer]()
    unsafe chunks.reserveCapacity(65 * 8)
    for size in stride(from: 8, through: 1032, by: 16) {
      for _ in 0..<8 {
        guard let chunk = unsafe malloc(size) else { continue }
        unsafe memset(chunk, 0, size)
        unsafe chunks.append(chunk)
      }
    }
    unsafe chunks.forEach { unsafe free($0) }
  }
}

/// How the allocator treats large buffers.
public enum LargeAllocations {
  /// Keeps buffers up to 256 MiB in the heap and does not give freed memory back below 1 GiB:
  /// a large import grows its arrays by doubling, and mapping and unmapping each one made a
  /// 16 MiB import cost a third more than sixteen 1 MiB ones. Freed memory is reused, not
  /// returned (what is freed is what the process had anyway).
  ///
  /// The corresponding C function is `mallopt(M_MMAP_THRESHOLD, M_TRIM_THRESHOLD)`.
  public static func keepInHeap() { _ = otter_keep_large_allocations(256 << 20, 1 << 30) }
}
