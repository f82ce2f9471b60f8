/// What can go wrong when building a code or coding shards.
public enum ErasureError: Error, Equatable, CustomStringConvertible {
    case invalidShardCounts(data: Int, parity: Int)
    case emptyInput
    case shardSizeMismatch
    case tooFewShards(present: Int, needed: Int)

    public var description: String {
        switch self {
        case let .invalidShardCounts(k, m):
            return "data shards must be at least 1, parity shards at least 0 and data + parity at most 256 (got \(k) + \(m))"
        case .emptyInput:
            return "nothing to split: the input is empty (klauspost's Split refuses it too: ErrShortData)"
        case .shardSizeMismatch:
            return "shards differ in size"
        case let .tooFewShards(present, needed):
            return "too few shards to reconstruct: \(present) usable, \(needed) needed"
        }
    }
}

/// Reed–Solomon over GF(2^8) with klauspost/reedsolomon's default encoding
/// matrix (`buildMatrix`): the (k+m)×k Vandermonde matrix multiplied by the
/// inverse of its top k×k square, so the top is the identity (the data shards
/// are stored as they are) and every k×k choice of rows stays invertible —
/// any k of the k+m shards rebuild the rest.
public struct ErasureCode: Sendable {
    public let dataShards: Int
    public let parityShards: Int
    public let matrix: ErasureMatrix

    public var totalShards: Int { dataShards + parityShards }

    public init(dataShards k: Int, parityShards m: Int) throws {
        guard k >= 1, m >= 0, k + m <= 256 else { throw ErasureError.invalidShardCounts(data: k, parity: m) }
        dataShards = k
        parityShards = m
        let vandermonde = ErasureMatrix.vandermonde(rows: k + m, columns: k)
        let top = vandermonde.selectingRows(Array(0..<k))
        guard let topInverse = top.inverted() else { throw ErasureError.invalidShardCounts(data: k, parity: m) }
        matrix = vandermonde.multiplied(by: topInverse)
    }

    /// The parity shards of `data` (k shards of equal size), as klauspost's Encode.
    public func encodeParity(_ data: [[UInt8]]) throws -> [[UInt8]] {
        precondition(data.count == dataShards, "encodeParity takes exactly the data shards")
        guard let size = data.first?.count, data.allSatisfy({ $0.count == size }) else {
            throw ErasureError.shardSizeMismatch
        }
        return ErasureCoding.multiply(rows: matrix.selectingRows(Array(dataShards..<totalShards)), inputs: data, size: size)
    }

    /// Data shards followed by their parity: Split then Encode.
    public func encode(_ bytes: [UInt8]) throws -> [[UInt8]] {
        let data = try ErasureSplit.split(bytes, dataShards: dataShards)
        return data + (try encodeParity(data))
    }

    /// Every shard, rebuilt from any k of them (nil = missing), as klauspost's
    /// Reconstruct: the first k present shards in index order are inverted
    /// through their rows of the matrix to give the data, and lost parity is
    /// encoded again from that.
    public func reconstruct(_ shards: [[UInt8]?]) throws -> [[UInt8]] {
        precondition(shards.count == totalShards, "reconstruct takes one slot per shard")
        let present = shards.indices.filter { shards[$0] != nil }
        guard present.count >= dataShards else {
            throw ErasureError.tooFewShards(present: present.count, needed: dataShards)
        }
        let size = shards[present[0]]!.count
        guard present.allSatisfy({ shards[$0]!.count == size }) else { throw ErasureError.shardSizeMismatch }
        if present.count == totalShards { return shards.map { $0! } }
        var data: [[UInt8]]
        if present.prefix(dataShards).elementsEqual(0..<dataShards) {
            data = (0..<dataShards).map { shards[$0]! }
        } else {
            let chosen = Array(present.prefix(dataShards))
            guard let decode = matrix.selectingRows(chosen).inverted() else {
                throw ErasureError.tooFewShards(present: present.count, needed: dataShards)
            }
            let missingData = (0..<dataShards).filter { shards[$0] == nil }
            let rebuilt = ErasureCoding.multiply(rows: decode.selectingRows(missingData),
                                                 inputs: chosen.map { shards[$0]! }, size: size)
            data = (0..<dataShards).map { shards[$0] ?? [] }
            for (i, index) in missingData.enumerated() { data[index] = rebuilt[i] }
        }
        // Only the parity that is missing is encoded again.
        let missingParity = (dataShards..<totalShards).filter { shards[$0] == nil }
        let parity = ErasureCoding.multiply(rows: matrix.selectingRows(missingParity), inputs: data, size: size)
        var all = data + (dataShards..<totalShards).map { shards[$0] ?? [] }
        for (i, index) in missingParity.enumerated() { all[index] = parity[i] }
        return all
    }
}
