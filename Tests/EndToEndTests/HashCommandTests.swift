import Testing
import TestSupport

/// `clusterlab hash`: one KEY<TAB>RESULT line per key; bad input exits 2 with a message.
@Suite struct HashCommandTests {
    func lines(_ arguments: [String]) throws -> [String] {
        let r = try BuiltBinary.run(["hash"] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func redisSlotsMatchRedis() throws {
        #expect(try lines(["redis-slot", "foo", "bar", "{user1000}.following", "{user1000}.followers"])
                == ["foo\t12182", "bar\t5061", "{user1000}.following\t3443", "{user1000}.followers\t3443"])
    }

    @Test func kafkaJumpRingAndCassandra() throws {
        #expect(try lines(["kafka", "--partitions", "6", "alice", "bob"]) == ["alice\t3", "bob\t0"])
        #expect(try lines(["jump", "--buckets", "1024", "256", "0"]) == ["256\t520", "0\t0"])
        #expect(try lines(["jump", "--buckets", "1000", "18446744073709551615"]) == ["18446744073709551615\t313"])
        #expect(try lines(["ring", "--nodes", "10", "--vnodes", "16", "alice", "bob", "key0"])
                == ["alice\tn9", "bob\tn3", "key0\tn10"])
        #expect(try lines(["cassandra-token", "alice", "bob"])
                == ["alice\t5699955792253506986", "bob\t-5396685590450884643"])
    }

    @Test func badInputExitsTwoWithAMessage() throws {
        for (arguments, message) in [
            (["jump", "--buckets", "10", "12", "-1"], "'-1'"),
            (["jump", "--buckets", "10", "--", "12", "-1"], "key '-1' is not a decimal unsigned 64-bit integer"),
            (["jump", "--buckets", "10", "18446744073709551616"], "is not a decimal unsigned 64-bit integer"),
            (["jump", "--buckets", "10", "abc"], "key 'abc'"),
            (["jump", "12"], "jump needs --buckets"),
            (["jump", "--buckets", "0", "12"], "--buckets must be at least 1"),
            (["kafka", "k"], "kafka needs --partitions"),
            (["redis-slot", "--partitions", "3", "k"], "--partitions applies to kafka, not redis-slot"),
            (["ring", "--nodes", "3", "k"], "ring needs --vnodes"),
            (["redis-slot"], "give at least one key"),
            (["md5", "k"], "md5"),
        ] {
            let r = try BuiltBinary.run(["hash"] + arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stdout.isEmpty, "\(arguments): nothing printed before the error")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }
}

/// `clusterlab bench placement` runs small and prints its result line (the timing is not checked).
@Suite struct PlacementBenchTests {
    @Test func printsKeysAndWallTime() throws {
        let r = try BuiltBinary.run(["bench", "placement", "--keys", "1000", "--nodes", "5", "--vnodes", "8"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("nodes=5 vnodes=8 max_over_mean="))
        #expect(r.stdout.contains("keys=1000 wall_s="))
        #expect(try BuiltBinary.run(["bench", "placement", "--vnodes", "0"]).status == 2)
    }
}
