import ArgumentParser
import ClusterSim
import Foundation  // String(format:)

/// `clusterlab bench ec`: Reed–Solomon encode, and decode with M data shards
/// lost, of `--mib` MiB in MinIO's 1 MiB blocks (each block split into K
/// shards), against a plain memory copy of the same bytes in the same run.
/// Decoded blocks are compared with the input (memcmp, inside the decode
/// timing), so a wrong decode fails the run.
struct ErasureBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ec",
        abstract: "Erasure-code encode and decode throughput (GB/s) against a memory copy.")

    @Option(help: "MiB of data to code.") var mib = 1024
    @Option(name: .customLong("data"), help: "Data shards K.") var data = 4
    @Option(name: .customLong("parity"), help: "Parity shards M (at most K: decode loses M data shards).") var parity = 2

    static let block = 1 << 20

    func validate() throws {
        try FlagRange.check("--mib", mib, 1...16_384)
        try FlagRange.check("--data", data, 1...128)
        try FlagRange.check("--parity", parity, 1...data)
    }

    func run() throws {
        let (k, m, count) = (data, parity, mib)
        let code = try ErasureCode(dataShards: k, parityShards: m)
        var input = [UInt8](repeating: 0, count: count * Self.block)
        var random = SeededRandom(seed: 18)
        input.withUnsafeMutableBytes { raw in
            for i in 0..<raw.count / 8 { raw.storeBytes(of: random.next(), toByteOffset: i * 8, as: UInt64.self) }
        }

        var copy = [UInt8](repeating: 0, count: Self.block)
        var start = Wall.now()
        for b in 0..<count {
            input.withUnsafeBytes { src in
                copy.withUnsafeMutableBytes { dst in
                    dst.baseAddress!.copyMemory(from: src.baseAddress! + b * Self.block, byteCount: Self.block)
                }
            }
        }
        let copySeconds = Wall.now() - start

        var encoded: [[[UInt8]]] = []
        encoded.reserveCapacity(count)
        start = Wall.now()
        for b in 0..<count {
            encoded.append(try code.encode(Array(input[b * Self.block..<(b + 1) * Self.block])))
        }
        let encodeSeconds = Wall.now() - start

        start = Wall.now()
        var mismatches = 0
        for b in 0..<count {
            var partial: [[UInt8]?] = encoded[b]
            for lost in 0..<m { partial[lost] = nil }
            let all = try code.reconstruct(partial)
            let bytes = ErasureSplit.join(Array(all.prefix(k)), byteCount: Self.block)
            let same = bytes.map { rebuilt in
                input.withUnsafeBytes { src in
                    rebuilt.withUnsafeBytes { memcmp(src.baseAddress! + b * Self.block, $0.baseAddress!, Self.block) == 0 }
                }
            } ?? false
            if !same { mismatches += 1 }
        }
        let decodeSeconds = Wall.now() - start

        let gb = Double(count * Self.block) / 1e9
        func rate(_ s: Double) -> String { String(format: "%.2f", gb / max(s, 1e-9)) }
        print("ec k=\(k) m=\(m) bytes=\(count * Self.block) block=\(Self.block) lost_on_decode=\(m) data shards")
        print("memcpy_GBps=\(rate(copySeconds)) encode_GBps=\(rate(encodeSeconds)) decode_GBps=\(rate(decodeSeconds))")
        guard mismatches == 0 else {
            printError("decode rebuilt \(mismatches) block(s) that differ from the input")
            throw Exit.violation
        }
    }
}
