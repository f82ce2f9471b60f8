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
    private var scratch = [UInt8](repeating: 0, count: 65_536)

    public init(limit: Int) { self.limit = limit }

    /// Reads until the descriptor would block (at most `maxReads` reads, so
    /// one flooding node cannot starve the others), calling `line` per complete line.
    public mutating func drain(_ fd: Int32, maxReads: Int = 16, line: ([UInt8]) -> Void) -> Outcome {
        for _ in 0..<maxReads {
            let n = scratch.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return finishAtEnd(line) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return .more }
                return finishAtEnd(line)
            }
            var start = 0
            for k in 0..<n where scratch[k] == 0x0A {
                if pending.isEmpty {
                    guard k - start <= limit else { return .tooLong(prefix: Array(scratch[start..<min(k, start + 200)])) }
                    line(Array(scratch[start..<k]))
                } else {
                    pending.append(contentsOf: scratch[start..<k])
                    guard pending.count <= limit else { return .tooLong(prefix: Array(pending.prefix(200))) }
                    line(pending)
                    pending.removeAll(keepingCapacity: true)
                }
                start = k + 1
            }
            pending.append(contentsOf: scratch[start..<n])
            if pending.count > limit { return .tooLong(prefix: Array(pending.prefix(200))) }
        }
        return .more
    }

    /// The unterminated last line, if any, counts as a line.
    private mutating func finishAtEnd(_ line: ([UInt8]) -> Void) -> Outcome {
        if !pending.isEmpty { line(pending); pending.removeAll() }
        return .endOfFile
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
