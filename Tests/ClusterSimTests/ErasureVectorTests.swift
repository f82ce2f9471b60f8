import Testing
import ClusterSim
import TestSupport

/// The codec pinned to klauspost/reedsolomon (MinIO's library, default
/// options) through the vectors its own code wrote: Tests/Fixtures/erasure.
@Suite struct ErasureVectorTests {
    @Test(arguments: ErasureFixtures.configurations)
    func encodingMatrixIsTheLibrarysDefault(k: Int, m: Int) throws {
        let code = try ErasureCode(dataShards: k, parityShards: m)
        #expect(code.matrix.selectingRows(Array(0..<k)) == .identity(k), "systematic: the data rows are the identity")
        #expect(code.matrix.selectingRows(Array(k..<k + m)).rows == (try ErasureFixtures.parityRows(k: k, m: m)))
    }

    @Test(arguments: ErasureFixtures.configurations)
    func splitThenEncodeIsByteIdentical(k: Int, m: Int) throws {
        let code = try ErasureCode(dataShards: k, parityShards: m)
        for size in ErasureFixtures.sizes {
            let input = try ErasureFixtures.input(size: size)
            if ErasureFixtures.refused(k: k, m: m, size: size) {
                #expect(throws: ErasureError.emptyInput) { try code.encode(input) }
                continue
            }
            let expected = try #require(try ErasureFixtures.shards(k: k, m: m, size: size), "k\(k)m\(m)/\(size)")
            let shards = try code.encode(input)
            #expect(shards.count == k + m)
            for i in 0..<(k + m) {
                #expect(shards[i] == expected[i], "k\(k)m\(m) size \(size) shard \(i)")
            }
            #expect(ErasureSplit.join(Array(shards.prefix(k)), byteCount: size) == input)
        }
    }

    /// The field itself: klauspost's expTable starts 1, 2, 4, …, 0x80, 0x1d (x^8 = x^4+x^3+x^2+1).
    @Test func fieldTablesMatchTheLibrary() {
        #expect(Array(ErasureField.expTable.prefix(12)) == [0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x1d, 0x3a, 0x74, 0xe8])
        #expect(ErasureField.expTable[254] == 0x8e)
        for a in 1...255 {
            let x = UInt8(a)
            #expect(ErasureField.multiply(x, ErasureField.divide(1, x)) == 1)
        }
        #expect(ErasureField.power(0, 0) == 1)
    }
}

/// FIPS 180-4's own examples, and a two-block message.
@Suite struct ErasureSHA256Tests {
    @Test func knownDigests() {
        #expect(ErasureSHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ErasureSHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ErasureSHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
