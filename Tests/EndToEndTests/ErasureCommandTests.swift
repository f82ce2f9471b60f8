import Foundation
import Testing
import TestSupport

/// `clusterlab ec encode|decode` through the built binary, against the shards
/// klauspost/reedsolomon itself wrote (Tests/Fixtures/erasure).
@Suite struct ErasureCommandTests {
    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    @Test(arguments: ErasureFixtures.configurations)
    func encodeWritesTheLibrarysShards(k: Int, m: Int) throws {
        for size in ErasureFixtures.sizes where size > 0 {
            let out = try BuiltBinary.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: out) }
            let r = try BuiltBinary.run(["ec", "encode", "--data", "\(k)", "--parity", "\(m)",
                                         ErasureFixtures.inputURL(size: size).path, "--out", out.path])
            #expect(r.status == 0, "k\(k)m\(m) size \(size): \(r.stderr)")
            let expected = try #require(try ErasureFixtures.shards(k: k, m: m, size: size))
            for i in 0..<(k + m) {
                #expect(try Self.bytes(out.appendingPathComponent("\(i)")) == expected[i], "k\(k)m\(m) size \(size) shard \(i)")
            }
            #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("\(k + m)").path))
        }
    }

    /// Encode, lose M shards and corrupt none: decode rebuilds the file; then
    /// corrupt one more and decode names it and refuses.
    @Test func decodeRebuildsFromAnyKAndNamesBadShards() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = ErasureFixtures.inputURL(size: 1001)
        let shards = dir.appendingPathComponent("shards"), rebuilt = dir.appendingPathComponent("out.bin")
        #expect(try BuiltBinary.run(["ec", "encode", "--data", "4", "--parity", "2", input.path, "--out", shards.path]).status == 0)
        try FileManager.default.removeItem(at: shards.appendingPathComponent("0"))
        var flipped = try Self.bytes(shards.appendingPathComponent("3"))
        flipped[7] ^= 0x40
        try Data(flipped).write(to: shards.appendingPathComponent("3"))
        let decode = ["ec", "decode", "--data", "4", "--parity", "2", shards.path, "--size", "1001", "--out", rebuilt.path]
        var r = try BuiltBinary.run(decode)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("shard 0: missing") && r.stderr.contains("shard 3: corrupt"), "\(r.stderr)")
        #expect(try Self.bytes(rebuilt) == (try Self.bytes(input)))

        try FileManager.default.removeItem(at: rebuilt)
        try Data([1, 2, 3]).write(to: shards.appendingPathComponent("5"))
        r = try BuiltBinary.run(decode)
        #expect(r.status == 2)
        #expect(r.stderr.contains("shard 5: 3 bytes, expected 251"), "\(r.stderr)")
        #expect(r.stderr.contains("only 3 of 6 shards usable, 4 needed"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: rebuilt.path), "nothing written when too few shards remain")
    }

    @Test func badArgumentsExitTwoSayingWhat() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = ErasureFixtures.inputURL(size: 13).path, out = dir.appendingPathComponent("o").path
        let cases: [([String], String)] = [
            (["ec", "encode", "--data", "0", "--parity", "2", input, "--out", out], "data shards must be at least 1"),
            (["ec", "encode", "--data", "200", "--parity", "57", input, "--out", out], "at most 256"),
            (["ec", "encode", "--data", "4", "--parity", "2", dir.appendingPathComponent("nope").path, "--out", out], "no such file"),
            (["ec", "encode", "--data", "4", "--parity", "2", ErasureFixtures.inputURL(size: 0).path, "--out", out], "input is empty"),
            (["ec", "decode", "--data", "4", "--parity", "2", dir.appendingPathComponent("nope").path, "--size", "5", "--out", out], "no such folder"),
            (["ec", "decode", "--data", "4", "--parity", "2", dir.path, "--size", "0", "--out", out], "--size must be at least 1"),
        ]
        for (args, message) in cases {
            let r = try BuiltBinary.run(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }

    /// A manifest that is not one says where: file:line:column.
    @Test func badManifestIsLocated() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try BuiltBinary.run(["ec", "encode", "--data", "2", "--parity", "1", ErasureFixtures.inputURL(size: 13).path,
                                     "--out", dir.path]).status == 0)
        let manifest = dir.appendingPathComponent("manifest")
        let text = try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "parity 1", with: "parity one")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        let r = try BuiltBinary.run(["ec", "decode", "--data", "2", "--parity", "1", dir.path, "--size", "13",
                                     "--out", dir.appendingPathComponent("x").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("manifest:3:8: `one` is not a count"), "\(r.stderr)")
    }

    @Test func benchRunsTinyAndChecksItsDecode() throws {
        let r = try BuiltBinary.run(["bench", "ec", "--mib", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("memcpy_GBps=") && r.stdout.contains("encode_GBps=") && r.stdout.contains("decode_GBps="), "\(r.stdout)")
        #expect(try BuiltBinary.run(["bench", "ec", "--parity", "9"]).status == 2)
    }
}
