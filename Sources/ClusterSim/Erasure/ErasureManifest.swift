/// The small text file `clusterlab ec encode` writes beside the shards
/// (DIR/manifest), so that decode can tell a corrupt shard from a good one
/// while the shard files stay byte-identical to klauspost's:
///
///     # clusterlab ec manifest: shard I is the file I; sha256 of each shard
///     data 4
///     parity 2
///     size 1001
///     shard-size 251
///     sha256 0 3b…
///
/// Unknown lines are refused, with the line and column that is wrong.
public struct ErasureManifest: Equatable, Sendable {
    public var dataShards: Int
    public var parityShards: Int
    public var size: Int
    public var shardSize: Int
    /// One lowercase hex SHA-256 per shard, in index order.
    public var checksums: [String]

    public init(dataShards: Int, parityShards: Int, size: Int, shardSize: Int, checksums: [String]) {
        self.dataShards = dataShards
        self.parityShards = parityShards
        self.size = size
        self.shardSize = shardSize
        self.checksums = checksums
    }

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(line):\(column): \(message)" }
    }

    public var text: String {
        var lines = ["# clusterlab ec manifest: shard I is the file I; sha256 of each shard",
                     "data \(dataShards)", "parity \(parityShards)", "size \(size)", "shard-size \(shardSize)"]
        lines += checksums.enumerated().map { "sha256 \($0.offset) \($0.element)" }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func parse(_ text: String) throws -> ErasureManifest {
        var numbers: [String: Int] = [:]
        var checksums: [Int: String] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            if raw.hasPrefix("#") || raw.allSatisfy(\.isWhitespace) { continue }
            let words = raw.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            func fail(_ word: Int, _ message: String) -> ParseError {
                ParseError(line: line, column: words.prefix(word).reduce(1) { $0 + $1.count + 1 }, message: message)
            }
            switch words[0] {
            case "data", "parity", "size", "shard-size":
                guard words.count == 2 else { throw fail(0, "expected `\(words[0]) NUMBER`") }
                guard let n = Int(words[1]), n >= 0 else { throw fail(1, "`\(words[1])` is not a count") }
                guard numbers[words[0]] == nil else { throw fail(0, "`\(words[0])` given twice") }
                numbers[words[0]] = n
            case "sha256":
                guard words.count == 3 else { throw fail(0, "expected `sha256 INDEX HEX`") }
                guard let i = Int(words[1]), i >= 0 else { throw fail(1, "`\(words[1])` is not a shard index") }
                guard words[2].count == 64, words[2].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                    throw fail(2, "a sha256 is 64 lowercase hex digits")
                }
                guard checksums[i] == nil else { throw fail(1, "shard \(i) given twice") }
                checksums[i] = words[2]
            default:
                throw fail(0, "unknown line `\(words[0])`; expected data, parity, size, shard-size or sha256")
            }
        }
        let end = text.split(separator: "\n", omittingEmptySubsequences: false).count
        for name in ["data", "parity", "size", "shard-size"] where numbers[name] == nil {
            throw ParseError(line: end, column: 1, message: "no `\(name)` line")
        }
        let total = numbers["data"]! + numbers["parity"]!
        guard checksums.count == total, checksums.keys.allSatisfy({ $0 < total }) else {
            throw ParseError(line: end, column: 1, message: "expected one sha256 line for each of the shards 0…\(total - 1)")
        }
        return ErasureManifest(dataShards: numbers["data"]!, parityShards: numbers["parity"]!, size: numbers["size"]!,
                               shardSize: numbers["shard-size"]!, checksums: (0..<total).map { checksums[$0]! })
    }
}
