import Testing
import ClusterProtocols

/// Every hash pinned to published vectors from the real systems' own tests, and
/// to values from a reference written separately from the algorithm's
/// definition (Python, 64-bit masking) — which also reproduces every published
/// vector below.
@Suite struct RedisHashSlotTests {
    @Test func crc16IsXmodemWithRedisCheckValue() {
        #expect(RedisHashSlot.crc16(bytes: Array("123456789".utf8)) == 0x31C3)
        #expect(RedisHashSlot.crc16(bytes: [UInt8]()) == 0)
    }

    /// redis.io: `CLUSTER KEYSLOT somekey` = 11058, `foo{hash_tag}` = `bar{hash_tag}` = 2515.
    @Test(arguments: [("foo", 12182), ("bar", 5061), ("hello", 866), ("somekey", 11058),
                      ("foo{hash_tag}", 2515), ("bar{hash_tag}", 2515), ("", 0), ("user:42", 15880)])
    func slotsMatchRedis(key: String, slot: Int) {
        #expect(RedisHashSlot.slot(forKey: key) == slot, "key \(key)")
    }

    /// The four hash-tag rules of the Redis Cluster specification.
    @Test func hashTagsFollowTheSpecification() {
        let slot = RedisHashSlot.slot(forKey:)
        #expect(slot("{user1000}.following") == slot("{user1000}.followers"))
        #expect(slot("{user1000}.following") == slot("user1000"))
        #expect(slot("foo{}{bar}") == Int(RedisHashSlot.crc16(bytes: Array("foo{}{bar}".utf8))) % 16384,
                "an empty first tag hashes the whole key")
        #expect(slot("foo{{bar}}zap") == Int(RedisHashSlot.crc16(bytes: Array("{bar".utf8))) % 16384,
                "the tag is between the first { and the first } after it")
        #expect(slot("foo{bar}{zap}") == slot("bar"), "only the first tag counts")
        #expect(slot("foo{bar") == Int(RedisHashSlot.crc16(bytes: Array("foo{bar".utf8))) % 16384, "no closing brace")
    }
}

@Suite struct KafkaPartitionerTests {
    /// Kafka's UtilsTest.testMurmur2 and the values Akka checks against Kafka's implementation.
    @Test(arguments: [("21", -973932308), ("foobar", -790332482),
                      ("a-little-bit-long-string", -985981536), ("a-little-bit-longer-string", -1486304829),
                      ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971), ("abc", 479470107),
                      ("1", -1993445489), ("12", 126087238), ("123", -267702483), ("1234", -1614185708),
                      ("12345", -1188365604), ("", 275646681)] as [(String, Int32)])
    func murmur2MatchesKafka(key: String, hash: Int32) {
        #expect(KafkaPartitioner.murmur2(bytes: Array(key.utf8)) == hash, "key \(key)")
    }

    @Test func partitionIsPositiveHashModPartitions() {
        #expect(KafkaPartitioner.toPositive(Int32.min) == 0)
        #expect(KafkaPartitioner.toPositive(-1) == Int32.max)
        #expect(KafkaPartitioner.partition(forKey: "21", partitions: 10) == Int((-973932308 as Int32) & 0x7fffffff) % 10)
        // From the reference: (key, partitions 6, partitions 12).
        for (key, p6, p12) in [("hello", 3, 9), ("a", 4, 4), ("user:42", 1, 1), ("key0", 4, 10), ("", 3, 9)] {
            #expect(KafkaPartitioner.partition(forKey: key, partitions: 6) == p6, "key \(key)")
            #expect(KafkaPartitioner.partition(forKey: key, partitions: 12) == p12, "key \(key)")
        }
    }
}

@Suite struct JumpHashTests {
    /// The vectors every port checks (python-jump-consistent-hash, ClickHouse, Go ports).
    @Test(arguments: [(1, 1, 0), (42, 57, 43), (0xDEAD10CC, 1, 0), (0xDEAD10CC, 666, 361), (256, 1024, 520),
                      // From the reference implementation:
                      (0, 10, 0), (1, 10, 6), (12345, 100, 29), (UInt64.max, 1000, 313), (UInt64.max, 7, 2),
                      (9_999_999_999, 1_000_000, 996272)] as [(UInt64, Int, Int)])
    func bucketsMatchThePaper(key: UInt64, buckets: Int, bucket: Int) {
        #expect(JumpHash.bucket(forKey: key, buckets: buckets) == bucket, "key \(key) buckets \(buckets)")
    }

    /// The paper's monotonicity: going from n to n+1 buckets, a key either stays or moves to bucket n.
    @Test func growingOnlyMovesKeysToTheNewBucket() {
        for key in 0..<UInt64(2000) {
            var previous = 0
            for n in 1...40 {
                let b = JumpHash.bucket(forKey: key &* 0x9E37_79B9_7F4A_7C15, buckets: n)
                #expect(b == previous || b == n - 1, "key \(key) n \(n)")
                previous = b
            }
        }
    }
}

@Suite struct CassandraTokenTests {
    /// The DataStax drivers' Murmur3 vectors (their token-aware routing must agree with Cassandra).
    @Test(arguments: [
        (Array("123".utf8), -7468325962851647638),
        (Array(repeating: [0x00, 0xff, 0x10, 0xfa, 0x99] as [UInt8], count: 10).flatMap { $0 }, 5837342703291459765),
        ([UInt8](repeating: 0xfe, count: 8), -8927430733708461935),
        ([UInt8](repeating: 0x10, count: 8), 1446172840243228796),
        (Array("9223372036854775807".utf8), 7162290910810015547),
        ([0xe2, 0xe7], -8582699461035929883),
        ([0xe2, 0xe7, 0xe2, 0xe7, 0xe2, 0xe7, 0x01], 2222373981930033306),
        ([UInt8](repeating: 0xfe, count: 17), -1672437813826982685),
        ([UInt8](repeating: 0x00, count: 16), 5457549051747178710),
    ] as [([UInt8], Int64)])
    func tokensMatchCassandra(bytes: [UInt8], token: Int64) {
        #expect(CassandraToken.token(bytes: bytes) == token, "bytes \(bytes)")
    }

    @Test func textKeysHashTheirUTF8Bytes() {
        #expect(CassandraToken.token(forKey: "hello") == -3758069500696749310)
        #expect(CassandraToken.token(forKey: "héllo") == 4427587122518744475)
        #expect(CassandraToken.token(forKey: "ключ") == 1182936647932017555)
        #expect(CassandraToken.token(forKey: "") == Int64.min, "an empty key is the minimum token")
    }

    /// Cassandra sign-extends tail bytes >= 0x80; the reference algorithm does not.
    @Test func theSignExtensionQuirkOnlyShowsOnHighTailBytes() {
        let high: [UInt8] = [0xe2, 0xe7]
        #expect(Int64(bitPattern: MurmurHash3.x64_128(high).0) == 6443948396938044106)
        #expect(CassandraToken.token(bytes: high) == -8582699461035929883)
        #expect(Int64(bitPattern: MurmurHash3.x64_128(Array("ключ".utf8)).0) == -693430156023627069)
        let ascii = Array("key999999".utf8)
        #expect(Int64(bitPattern: MurmurHash3.x64_128(ascii).0) == CassandraToken.token(bytes: ascii))
    }

    /// mmh3's published `hash64('hello')` pins the reference variant (both halves).
    @Test func referenceMurmur3MatchesMmh3() {
        let (h1, h2) = MurmurHash3.x64_128(Array("hello".utf8))
        #expect(Int64(bitPattern: h1) == -3758069500696749310)
        #expect(Int64(bitPattern: h2) == 6565844092913065241)
        #expect(MurmurHash3.hash64("a") == 9607679276477937801)
        #expect(MurmurHash3.hash64("") == 0)
    }
}
