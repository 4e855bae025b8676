import Foundation
import Synchronization

extension Array where Element: Sendable {
  /// `map` over the processor cores for large arrays: contiguous chunks, one per core, each
  /// mapped on its own thread; the results keep the order of the elements.
  ///
  /// Below `minimumChunk` elements per core the work is not worth a thread and it runs here.
  /// The vault decoder uses it for its chunks, and `otter list` for the codes.
  public func concurrentMap<Mapped: Sendable>(minimumChunk: Int = 1000, _ transform: @Sendable (Element) -> Mapped) -> [Mapped] {
    let chunks = Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / minimumChunk)
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
