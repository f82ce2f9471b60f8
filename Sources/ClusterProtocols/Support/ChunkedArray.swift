/// An array stored as chunks of at most `chunkSize` elements, so that a copy
/// that is then appended to costs O(n / chunkSize + chunkSize), not O(n).
///
/// Why: a protocol that persists its log (a value shared with the engine's
/// durable copy) and then appends to it would copy the whole log on every
/// append with a plain array — quadratic over a long run. Here only the
/// outer array of chunk references and the last chunk are copied.
public struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    public static var chunkSize: Int { 64 }

    private var chunks: [[Element]] = []
    public private(set) var count = 0

    public init() {}
    public init<S: Sequence>(_ elements: S) where S.Element == Element { for e in elements { append(e) } }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> Element {
        get {
            precondition(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
            return chunks[i / Self.chunkSize][i % Self.chunkSize]
        }
        set {
            precondition(i >= 0 && i < count, "index \(i) out of range 0..<\(count)")
            chunks[i / Self.chunkSize][i % Self.chunkSize] = newValue
        }
    }

    public mutating func append(_ e: Element) {
        if count % Self.chunkSize == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunk.append(e)
            chunks.append(chunk)
        } else {
            chunks[chunks.count - 1].append(e)
        }
        count += 1
    }

    /// Keeps the first `n` elements.
    public mutating func removeSuffix(from n: Int) {
        guard n < count else { return }
        let keepChunks = (n + Self.chunkSize - 1) / Self.chunkSize
        chunks.removeSubrange(keepChunks...)
        if n % Self.chunkSize != 0 { chunks[chunks.count - 1].removeSubrange((n % Self.chunkSize)...) }
        count = n
    }

    /// Drops the first `n` elements (rare: log compaction), re-chunking the rest.
    public mutating func removePrefix(_ n: Int) {
        guard n > 0 else { return }
        let rest = Array(self[Swift.min(n, count)...])
        self = ChunkedArray(rest)
    }

    public mutating func removeAll() { chunks.removeAll(); count = 0 }
}

extension ChunkedArray: Equatable where Element: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.count == b.count && a.elementsEqual(b) }
}

extension ChunkedArray: Hashable where Element: Hashable {
    public func hash(into h: inout Hasher) {
        h.combine(count)
        for e in self { h.combine(e) }
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
