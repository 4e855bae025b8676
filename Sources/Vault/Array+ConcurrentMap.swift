import Dispatch
import FoundationEssentials
import Synchronization

extension Array where Element: Sendable {
  /// `transform` of each of a few contiguous slices of the array, run on as many threads as
  /// there are cores; the results are in the order of the slices.
  ///
  /// There are up to `chunksPerCore` slices for each core, so that a thread the system starts
  /// late or interrupts holds up less than its whole share. Slices are at least `minimumChunk`
  /// elements long: below that the work is not worth a thread, and one slice, the whole array,
  /// is transformed here. `otter list` renders its rows this way.
  public func concurrentChunks<Mapped: Sendable>(
    minimumChunk: Int = 500, chunksPerCore: Int = 4, _ transform: @Sendable (ArraySlice<Element>) -> Mapped
  ) -> [Mapped] {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let chunks = cores > 1 ? Swift.min(cores * chunksPerCore, count / minimumChunk) : 1
    guard chunks > 1 else { return [transform(self[...])] }
    let results = Mutex<[Mapped?]>(Array<Mapped?>(repeating: nil, count: chunks))
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let mapped = transform(self[(count * chunk / chunks)..<(count * (chunk + 1) / chunks)])
      results.withLock { $0[chunk] = mapped }
    }
    return results.withLock { $0.compactMap { $0 } }
  }

  /// `map` over the processor cores (see `concurrentChunks`); the results keep the order of
  /// the elements. `otter list --json` uses it for the codes, and the vault decoder (one
  /// element per part) for the parts of a large account list.
  public func concurrentMap<Mapped: Sendable>(
    minimumChunk: Int = 500, chunksPerCore: Int = 4, _ transform: @Sendable (Element) -> Mapped
  ) -> [Mapped] {
    concurrentChunks(minimumChunk: minimumChunk, chunksPerCore: chunksPerCore) { $0.map(transform) }.flatMap { $0 }
  }
}
