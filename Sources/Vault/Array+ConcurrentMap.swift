import Foundation
import Synchronization

extension Array where Element: Sendable {
  /// `map` over the processor cores for large arrays: contiguous chunks mapped on as many
  /// threads as there are cores; the results keep the order of the elements.
  ///
  /// There are `chunksPerCore` chunks for each core, so that a thread the system starts late or
  /// interrupts holds up less than its whole share. Below `minimumChunk` elements per chunk the
  /// work is not worth a thread and it runs here. `otter list` uses it for the codes, and the
  /// vault decoder (one chunk per part) for the parts of a large account list.
  public func concurrentMap<Mapped: Sendable>(
    minimumChunk: Int = 500, chunksPerCore: Int = 4, _ transform: @Sendable (Element) -> Mapped
  ) -> [Mapped] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    guard cores > 1 else { return map(transform) }
    let chunks = Swift.min(cores * chunksPerCore, count / minimumChunk)
    guard chunks > 1 else { return map(transform) }
    let results = Mutex<[[Mapped]]>(Array<[Mapped]>(repeating: [], count: chunks))
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
      let mapped = self[range].map(transform)
      results.withLock { $0[chunk] = mapped }
    }
    return results.withLock { $0.flatMap { $0 } }
  }
}
