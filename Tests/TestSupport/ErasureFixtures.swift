import Foundation

/// The reference vectors in Tests/Fixtures/erasure, written by klauspost/reedsolomon
/// (see the README there): inputs, the parity rows of each code's matrix, and
/// the shards Split + Encode made of every input.
public enum ErasureFixtures {
    public static let configurations = [(2, 1), (4, 2), (6, 3), (8, 4), (10, 4), (12, 4)]
    public static let sizes = [0, 1, 3, 7, 13, 100, 1001, 10240]

    public static var folder: URL {
        BuiltBinary.packageRoot.appendingPathComponent("Tests/Fixtures/erasure")
    }

    public static func codeFolder(k: Int, m: Int) -> URL {
        folder.appendingPathComponent("k\(k)m\(m)")
    }

    public static func inputURL(size: Int) -> URL {
        folder.appendingPathComponent("inputs/\(size).bin")
    }

    public static func input(size: Int) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: inputURL(size: size)))
    }

    /// The k+m shards of inputs/size.bin, or nil where the library refused the input.
    public static func shards(k: Int, m: Int, size: Int) throws -> [[UInt8]]? {
        let url = codeFolder(k: k, m: m).appendingPathComponent("\(size).shards")
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let all = [UInt8](try Data(contentsOf: url))
        let each = all.count / (k + m)
        return (0..<(k + m)).map { Array(all[$0 * each..<($0 + 1) * each]) }
    }

    /// True when the library wrote an `.error` file for this input instead of shards.
    public static func refused(k: Int, m: Int, size: Int) -> Bool {
        FileManager.default.fileExists(atPath: codeFolder(k: k, m: m).appendingPathComponent("\(size).error").path)
    }

    /// The m parity rows of the encoding matrix.
    public static func parityRows(k: Int, m: Int) throws -> [[UInt8]] {
        let text = try String(contentsOf: codeFolder(k: k, m: m).appendingPathComponent("matrix.hex"), encoding: .utf8)
        return text.split(separator: "\n").map { line in
            stride(from: 0, to: line.count, by: 2).map { i in
                let start = line.index(line.startIndex, offsetBy: i)
                return UInt8(line[start..<line.index(start, offsetBy: 2)], radix: 16)!
            }
        }
    }
}
