/// The data path: outputs[r] = Σ_j rows[r][j] · inputs[j] byte by byte over
/// GF(2^8). Table-driven (each coefficient's 256-entry row of the product
/// table), over unsafe buffers, in blocks that keep the outputs in L1 cache
/// while every input streams past once per block.
enum ErasureCoding {
    static let blockSize = 16 * 1024

    static func multiply(rows: ErasureMatrix, inputs: [[UInt8]], size: Int) -> [[UInt8]] {
        var outputs = (0..<rows.rowCount).map { _ in [UInt8](repeating: 0, count: size) }
        ErasureField.productTable.withUnsafeBufferPointer { table in
            for blockStart in stride(from: 0, to: size, by: blockSize) {
                let blockEnd = min(blockStart + blockSize, size)
                for r in 0..<rows.rowCount {
                    outputs[r].withUnsafeMutableBufferPointer { out in
                        for (j, input) in inputs.enumerated() {
                            let coefficient = Int(rows[r, j])
                            if coefficient == 0 { continue }
                            input.withUnsafeBufferPointer { inp in
                                accumulate(table: table.baseAddress! + coefficient << 8, input: inp.baseAddress!,
                                           output: out.baseAddress!, range: blockStart..<blockEnd,
                                           identity: coefficient == 1)
                            }
                        }
                    }
                }
            }
        }
        return outputs
    }

    /// output[i] ^= table[input[i]] over `range`, eight bytes per step.
    @inline(__always)
    static func accumulate(table: UnsafePointer<UInt8>, input: UnsafePointer<UInt8>, output: UnsafeMutablePointer<UInt8>,
                           range: Range<Int>, identity: Bool) {
        var i = range.lowerBound
        let end = range.upperBound
        if identity {
            while i + 8 <= end {
                let a = UnsafeRawPointer(input + i).loadUnaligned(as: UInt64.self)
                let b = UnsafeRawPointer(output + i).loadUnaligned(as: UInt64.self)
                UnsafeMutableRawPointer(output + i).storeBytes(of: a ^ b, as: UInt64.self)
                i += 8
            }
        } else {
            while i + 8 <= end {
                let a = UnsafeRawPointer(input + i).loadUnaligned(as: UInt64.self)
                var product: UInt64 = 0
                for byte in 0..<8 {
                    product |= UInt64(table[Int(truncatingIfNeeded: a >> (byte * 8)) & 0xff]) << (byte * 8)
                }
                let b = UnsafeRawPointer(output + i).loadUnaligned(as: UInt64.self)
                UnsafeMutableRawPointer(output + i).storeBytes(of: product ^ b, as: UInt64.self)
                i += 8
            }
        }
        while i < end {
            output[i] ^= table[Int(input[i])]
            i += 1
        }
    }
}
