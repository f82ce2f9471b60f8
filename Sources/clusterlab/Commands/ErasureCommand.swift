import ArgumentParser
import ClusterSim
import Foundation
import LabKit

/// `clusterlab ec encode|decode`: Reed–Solomon erasure coding of a file with
/// the encoding MinIO's library (klauspost/reedsolomon, default options) uses.
struct ErasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ec",
        abstract: "Erasure-code a file into K data + M parity shards, or rebuild it from any K of them.",
        subcommands: [ErasureEncodeCommand.self, ErasureDecodeCommand.self])

    /// The largest file `ec` reads or rebuilds (it works in memory).
    static let fileLimit = 1 << 30

    /// K and M as klauspost's New accepts them, else a usage error (exit 2).
    static func code(data: Int, parity: Int) throws -> ErasureCode {
        do { return try ErasureCode(dataShards: data, parityShards: parity) }
        catch let e as ErasureError { throw ValidationError("--data \(data) --parity \(parity): \(e)") }
    }
}

struct ErasureEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Write DIR/0 … DIR/(K+M-1) (K data shards, then M parity) and DIR/manifest.",
        discussion: """
            The file is split into K shards of ceil(size/K) bytes, the last zero-padded, and M parity
            shards are computed over GF(2^8) with klauspost/reedsolomon's default matrix: the shard
            files are byte-identical to its Split then Encode. DIR/manifest records K, M, the size
            and each shard's sha256, so `ec decode` can tell a corrupt shard from a good one.
            An empty file is refused (the library's Split refuses empty input). Exit 2 for bad input.
            """)

    @Option(name: .customLong("data"), help: "Data shards K (1…256).") var data: Int
    @Option(name: .customLong("parity"), help: "Parity shards M (K + M at most 256).") var parity: Int
    @Argument(help: "The file to encode.") var file: String
    @Option(help: "Folder for the shards (created if missing).") var out: String

    func validate() throws { _ = try ErasureCommand.code(data: data, parity: parity) }

    func run() throws {
        let code = try ErasureCommand.code(data: data, parity: parity)
        let bytes: [UInt8]
        do { bytes = [UInt8](try InputFile.bytes(file, limit: ErasureCommand.fileLimit)) }
        catch let problem as InputFile.Problem { printError("\(problem)"); throw Exit.badInput }
        let shards: [[UInt8]]
        do { shards = try code.encode(bytes) }
        catch let e as ErasureError { printError("\(file): \(e)"); throw Exit.badInput }
        try ErasureFiles.makeFolder(out)
        for (i, shard) in shards.enumerated() { try ErasureFiles.write(shard, to: "\(out)/\(i)") }
        let manifest = ErasureManifest(dataShards: data, parityShards: parity, size: bytes.count,
                                       shardSize: shards[0].count, checksums: shards.map(ErasureSHA256.hex))
        try ErasureFiles.write(Array(manifest.text.utf8), to: "\(out)/manifest")
        print("wrote \(out)/0 … \(out)/\(data + parity - 1): \(data) data + \(parity) parity shards of \(shards[0].count) bytes (file size \(bytes.count))")
    }
}

struct ErasureDecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Rebuild a file from any K of the shards DIR/0 … DIR/(K+M-1).",
        discussion: """
            Shards that are missing, of the wrong size, or (with DIR/manifest) whose sha256 differs
            from the manifest's are named on standard error and not used. With K usable shards the
            file's first N bytes are written to FILE; with fewer, exit 2 and FILE is not written.
            """)

    @Option(name: .customLong("data"), help: "Data shards K.") var data: Int
    @Option(name: .customLong("parity"), help: "Parity shards M.") var parity: Int
    @Argument(help: "The folder holding the shards.") var dir: String
    @Option(help: "The original file's size in bytes.") var size: Int
    @Option(help: "Where to write the rebuilt file.") var out: String

    func validate() throws {
        _ = try ErasureCommand.code(data: data, parity: parity)
        guard size >= 1 else { throw ValidationError("--size must be at least 1 (an empty file has no shards)") }
        guard size <= ErasureCommand.fileLimit else { throw ValidationError("--size must be at most \(ErasureCommand.fileLimit)") }
    }

    func run() throws {
        let code = try ErasureCommand.code(data: data, parity: parity)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isFolder), isFolder.boolValue else {
            printError("\(dir): no such folder"); throw Exit.badInput
        }
        let manifest = try ErasureFiles.manifest(in: dir, data: data, parity: parity, size: size)
        let shardSize = ErasureSplit.shardSize(byteCount: size, dataShards: data)
        var shards: [[UInt8]?] = []
        var unusable: [String] = []
        for i in 0..<code.totalShards {
            let path = "\(dir)/\(i)"
            guard FileManager.default.fileExists(atPath: path),
                  let bytes = try? InputFile.bytes(path, limit: shardSize) else {
                let why = FileManager.default.fileExists(atPath: path) ? "unreadable or larger than \(shardSize) bytes" : "missing"
                unusable.append("shard \(i): \(why)"); shards.append(nil); continue
            }
            let shard = [UInt8](bytes)
            if shard.count != shardSize {
                unusable.append("shard \(i): \(shard.count) bytes, expected \(shardSize)"); shards.append(nil)
            } else if let manifest, ErasureSHA256.hex(shard) != manifest.checksums[i] {
                unusable.append("shard \(i): corrupt (sha256 differs from the manifest)"); shards.append(nil)
            } else {
                shards.append(shard)
            }
        }
        for line in unusable { printError(line) }
        if manifest == nil { printError("\(dir)/manifest: missing, so corrupt shards cannot be detected (only missing or wrong-sized ones)") }
        let usable = shards.compactMap { $0 }.count
        guard usable >= data else {
            printError("\(dir): only \(usable) of \(code.totalShards) shards usable, \(data) needed; \(out) not written")
            throw Exit.badInput
        }
        let all = try code.reconstruct(shards)
        guard let bytes = ErasureSplit.join(Array(all.prefix(data)), byteCount: size) else {
            printError("--size \(size) is larger than the \(data * shardSize) bytes the data shards hold"); throw Exit.badInput
        }
        try ErasureFiles.write(bytes, to: out)
        print("rebuilt \(out) (\(size) bytes) from \(usable) of \(code.totalShards) shards")
    }
}

/// File handling shared by encode and decode, each failure named and exit 2.
enum ErasureFiles {
    static func makeFolder(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        catch { printError("\(path): cannot create the folder (\(error.localizedDescription))"); throw Exit.badInput }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        do { try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic) }
        catch { printError("\(path): cannot write (\(error.localizedDescription))"); throw Exit.badInput }
    }

    /// DIR/manifest if present, checked against the command line; nil if absent.
    static func manifest(in dir: String, data: Int, parity: Int, size: Int) throws -> ErasureManifest? {
        let path = "\(dir)/manifest"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let text = try InputFile.text(path).text
            let manifest = try ErasureManifest.parse(text)
            let given = [("--data", data, manifest.dataShards), ("--parity", parity, manifest.parityShards),
                         ("--size", size, manifest.size)]
            for (name, value, recorded) in given where value != recorded {
                printError("\(path): records \(name.dropFirst(2)) \(recorded), but \(name) \(value) was given")
                throw Exit.badInput
            }
            return manifest
        } catch let e as ErasureManifest.ParseError {
            printError("\(path):\(e)"); throw Exit.badInput
        } catch let problem as InputFile.Problem {
            printError("\(problem)"); throw Exit.badInput
        } catch let e as SourceError {
            printError(e.description); throw Exit.badInput
        }
    }
}
