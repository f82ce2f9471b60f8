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

/// `clusterlab hash mod|rendezvous|ring` with `--first`, `--count` and `--moved-to`:
/// the figures the sharding lab asks for. If the hashing changes, these and
/// the lab's stored answers must be re-derived together.
@Suite struct HashCountingTests {
    func lines(_ arguments: [String]) throws -> [String] {
        let r = try BuiltBinary.run(["hash"] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    @Test func modAndRendezvousPlaceListedKeys() throws {
        #expect(try lines(["mod", "--nodes", "5", "--first", "3"]) == ["key0\tn5", "key1\tn1", "key2\tn5"])
        #expect(try lines(["mod", "--nodes", "3", "a", "b"]) == ["a\tn1", "b\tn1"])
        #expect(try lines(["rendezvous", "--nodes", "5", "--first", "3"]) == ["key0\tn1", "key1\tn4", "key2\tn1"])
    }

    @Test func movedKeysWhenAFifthNodeJoins() throws {
        #expect(try lines(["mod", "--nodes", "4", "--first", "1000", "--moved-to", "5"]) == ["moved\t788", "keys\t1000", "ideal\t200"])
        #expect(try lines(["ring", "--nodes", "4", "--vnodes", "64", "--first", "1000", "--moved-to", "5"]) == ["moved\t197", "keys\t1000", "ideal\t200"])
        #expect(try lines(["rendezvous", "--nodes", "4", "--first", "1000", "--moved-to", "5"]) == ["moved\t210", "keys\t1000", "ideal\t200"])
    }

    @Test func keysPerNodeWithOneAndSixtyFourVirtualNodes() throws {
        #expect(try lines(["ring", "--nodes", "5", "--vnodes", "1", "--first", "1000", "--count"])
                == ["n1\t373", "n2\t122", "n3\t96", "n4\t10", "n5\t399", "max_over_mean\t1.995"])
        #expect(try lines(["ring", "--nodes", "5", "--vnodes", "64", "--first", "1000", "--count"])
                == ["n1\t208", "n2\t210", "n3\t195", "n4\t190", "n5\t197", "max_over_mean\t1.050"])
    }

    @Test func badCountingInputExitsTwo() throws {
        for (arguments, message) in [
            (["mod", "k"], "mod needs --nodes"),
            (["mod", "--nodes", "3"], "give at least one key, or --first K"),
            (["mod", "--nodes", "3", "--first", "3", "k"], "not both"),
            (["kafka", "--partitions", "3", "--first", "3"], "--first applies to mod, rendezvous and ring, not kafka"),
            (["redis-slot", "--count", "k"], "--count applies to mod, rendezvous and ring"),
            (["mod", "--nodes", "3", "--first", "3", "--count", "--moved-to", "4"], "give --count or --moved-to, not both"),
            (["ring", "--nodes", "3", "--vnodes", "2", "--first", "0"], "--first must be at least 1"),
            (["rendezvous", "--nodes", "3", "--moved-to", "0", "k"], "--moved-to must be at least 1"),
        ] {
            let r = try BuiltBinary.run(["hash"] + arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stdout.isEmpty, "\(arguments)")
            #expect(r.stderr.contains(message), "\(arguments): \(r.stderr)")
        }
    }
}
