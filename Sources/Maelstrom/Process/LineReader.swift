#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits what a non-blocking descriptor yields into lines, refusing a line
/// longer than `limit` bytes: a node writing an endless line is stopped with
/// an error instead of growing the runner's memory.
public struct LineReader {
    public enum Outcome: Equatable {
        /// Read what was there; maybe more later.
        case more
        /// The other end closed.
        case endOfFile
        /// A line grew past the limit; `prefix` is its start.
        case tooLong(prefix: [UInt8])
    }

    public let limit: Int
    private var pending: [UInt8] = []
    /// Dropping the rest of a line that was too long, up to its newline.
    private var skipping = false
    private var scratch = [UInt8](repeating: 0, count: 65_536)

    public init(limit: Int) { self.limit = limit }

    /// Reads until the descriptor would block (at most `maxReads` reads, so
    /// one flooding node cannot starve the others), calling `line` per
    /// complete line. A line past the limit is dropped up to its newline
    /// (memory stays bounded) and reported once as `tooLong`; the lines
    /// around it are still delivered.
    public mutating func drain(_ fd: Int32, maxReads: Int = 16, line: ([UInt8]) -> Void) -> Outcome {
        var overflow: [UInt8]?
        for _ in 0..<maxReads {
            let n = scratch.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return finishAtEnd(line, overflow) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { break }
                return finishAtEnd(line, overflow)
            }
            var start = 0
            for k in 0..<n where scratch[k] == 0x0A {
                defer { start = k + 1 }
                if skipping { skipping = false; continue }
                if pending.count + (k - start) > limit {
                    overflow = overflow ?? Array((pending + scratch[start..<min(k, start + 200)]).prefix(200))
                    pending.removeAll(keepingCapacity: true)
                    continue
                }
                if pending.isEmpty {
                    line(Array(scratch[start..<k]))
                } else {
                    pending.append(contentsOf: scratch[start..<k])
                    line(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            if skipping { continue }
            if pending.count + (n - start) > limit {
                overflow = overflow ?? Array((pending + scratch[start..<min(n, start + 200)]).prefix(200))
                pending.removeAll(keepingCapacity: true)
                skipping = true
            } else {
                pending.append(contentsOf: scratch[start..<n])
            }
        }
        return overflow.map { .tooLong(prefix: $0) } ?? .more
    }

    /// The unterminated last line, if any, counts as a line.
    private mutating func finishAtEnd(_ line: ([UInt8]) -> Void, _ overflow: [UInt8]?) -> Outcome {
        if !pending.isEmpty, !skipping { line(pending) }
        pending.removeAll()
        return overflow.map { .tooLong(prefix: $0) } ?? .endOfFile
    }
}

/// The last lines a node wrote to stderr, kept in a ring so a chatty node
/// costs bounded memory; `total` counts every line ever written.
public struct StderrRing: Sendable {
    public let capacity: Int
    public private(set) var total = 0
    private var lines: [String] = []
    private var head = 0

    public init(capacity: Int = 1_000) { self.capacity = max(1, capacity) }

    public mutating func append(_ line: String) {
        total += 1
        if lines.count < capacity { lines.append(line) } else { lines[head] = line; head = (head + 1) % capacity }
    }

    /// The kept lines, oldest first.
    public var recent: [String] { Array(lines[head...] + lines[..<head]) }
}
