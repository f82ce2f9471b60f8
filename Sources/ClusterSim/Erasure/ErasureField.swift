/// Arithmetic in GF(2^8) exactly as klauspost/reedsolomon (MinIO's library)
/// does it: the field polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d, the
/// library's `generatingPolynomial = 29` is its low byte) with generator 2.
/// Addition is XOR; multiplication goes through log/exp tables.
public enum ErasureField {
    /// expTable[i] = 2^i for i in 0..<510 (doubled so log a + log b needs no reduction).
    public static let expTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var x = 1
        for i in 0..<255 {
            table[i] = UInt8(x)
            table[i + 255] = UInt8(x)
            x <<= 1
            if x & 0x100 != 0 { x ^= 0x11d }
        }
        return table
    }()

    /// logTable[a] = i with 2^i = a, for a != 0 (logTable[0] is unused).
    public static let logTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(expTable[i])] = UInt8(i) }
        return table
    }()

    /// The full 256×256 product table, row a at [a*256 ..< a*256+256]: the
    /// 256-entry per-coefficient table the coding loops look bytes up in.
    public static let productTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256 * 256)
        for a in 1..<256 {
            for b in 1..<256 {
                table[a << 8 | b] = expTable[Int(logTable[a]) + Int(logTable[b])]
            }
        }
        return table
    }()

    @inlinable public static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return expTable[Int(logTable[Int(a)]) + Int(logTable[Int(b)])]
    }

    /// a / b; b must not be 0.
    public static func divide(_ a: UInt8, _ b: UInt8) -> UInt8 {
        precondition(b != 0, "division by zero in GF(2^8)")
        if a == 0 { return 0 }
        return expTable[(Int(logTable[Int(a)]) - Int(logTable[Int(b)]) + 255) % 255]
    }

    /// a^n, with a^0 = 1 for every a (also 0, as klauspost's galExp).
    public static func power(_ a: UInt8, _ n: Int) -> UInt8 {
        if n == 0 { return 1 }
        if a == 0 { return 0 }
        return expTable[(Int(logTable[Int(a)]) * n) % 255]
    }
}
