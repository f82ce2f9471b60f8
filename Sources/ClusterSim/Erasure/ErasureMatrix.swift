/// A dense matrix over GF(2^8), row-major: the small matrices Reed–Solomon
/// builds once per (k, m) and per set of lost shards, never the data path.
public struct ErasureMatrix: Equatable, Sendable {
    public private(set) var rows: [[UInt8]]

    public init(rows: [[UInt8]]) { self.rows = rows }

    public init(rowCount: Int, columnCount: Int) {
        rows = Array(repeating: Array(repeating: 0, count: columnCount), count: rowCount)
    }

    public static func identity(_ size: Int) -> ErasureMatrix {
        var m = ErasureMatrix(rowCount: size, columnCount: size)
        for i in 0..<size { m.rows[i][i] = 1 }
        return m
    }

    /// The rows×columns Vandermonde matrix, entry (r, c) = r^c, as klauspost's `vandermonde`.
    public static func vandermonde(rows: Int, columns: Int) -> ErasureMatrix {
        ErasureMatrix(rows: (0..<rows).map { r in (0..<columns).map { c in ErasureField.power(UInt8(r), c) } })
    }

    public var rowCount: Int { rows.count }
    public var columnCount: Int { rows.first?.count ?? 0 }

    public subscript(row: Int, column: Int) -> UInt8 {
        get { rows[row][column] }
        set { rows[row][column] = newValue }
    }

    /// self × other.
    public func multiplied(by other: ErasureMatrix) -> ErasureMatrix {
        var result = ErasureMatrix(rowCount: rowCount, columnCount: other.columnCount)
        for r in 0..<rowCount {
            for c in 0..<other.columnCount {
                var value: UInt8 = 0
                for i in 0..<columnCount { value ^= ErasureField.multiply(rows[r][i], other.rows[i][c]) }
                result.rows[r][c] = value
            }
        }
        return result
    }

    /// The rows whose indices are given, in that order.
    public func selectingRows(_ indices: [Int]) -> ErasureMatrix {
        ErasureMatrix(rows: indices.map { rows[$0] })
    }

    /// The inverse by Gauss–Jordan elimination on [self | I], pivoting as
    /// klauspost's gaussianElimination does; nil when singular.
    public func inverted() -> ErasureMatrix? {
        let size = rowCount
        precondition(size == columnCount, "only a square matrix has an inverse")
        var work = zip(rows, ErasureMatrix.identity(size).rows).map { $0 + $1 }
        for r in 0..<size {
            if work[r][r] == 0, let below = (r + 1..<size).first(where: { work[$0][r] != 0 }) {
                work.swapAt(r, below)
            }
            if work[r][r] == 0 { return nil }
            if work[r][r] != 1 {
                let scale = ErasureField.divide(1, work[r][r])
                work[r] = work[r].map { ErasureField.multiply($0, scale) }
            }
            for other in 0..<size where other != r && work[other][r] != 0 {
                let scale = work[other][r]
                for c in 0..<2 * size { work[other][c] ^= ErasureField.multiply(scale, work[r][c]) }
            }
        }
        return ErasureMatrix(rows: work.map { Array($0[size...]) })
    }
}
