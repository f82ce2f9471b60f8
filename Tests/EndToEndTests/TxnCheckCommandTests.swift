import Testing
import Foundation
import TestSupport

/// `clusterlab txncheck` as a person runs it: exit 0 valid, 1 invalid, 2 bad input.
@Suite struct TxnCheckCommandTests {
    static let writeSkew = """
        {"process":0,"type":"invoke","f":"txn","value":[["r","x",null],["r","y",null],["w","x",1]]}
        {"process":1,"type":"invoke","f":"txn","value":[["r","x",null],["r","y",null],["w","y",1]]}
        {"process":0,"type":"ok","f":"txn","value":[["r","x",null],["r","y",null],["w","x",1]]}
        {"process":1,"type":"ok","f":"txn","value":[["r","x",null],["r","y",null],["w","y",1]]}

        """

    func write(_ text: String, _ name: String = "h.jsonl") throws -> String {
        let path = try BuiltBinary.temporaryDirectory().appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aWriteSkewIsInvalidForSerializableAndValidForSnapshotIsolation() throws {
        let path = try write(Self.writeSkew)
        let bad = try BuiltBinary.run(["txncheck", path, "--model", "serializable"])
        #expect(bad.status == 1, "\(bad.stdout)\(bad.stderr)")
        #expect(bad.stdout.hasPrefix("invalid: not serializable (G2-item ×1)"), "\(bad.stdout)")
        #expect(bad.stdout.contains("T1 -rw-> T2: T1 read key \"y\" = null"), "\(bad.stdout)")
        #expect(bad.stdout.contains("T1 = line 3: {\"process\":0,\"type\":\"ok\""), "the operations are printed: \(bad.stdout)")
        let good = try BuiltBinary.run(["txncheck", path, "--model", "snapshot-isolation"])
        #expect(good.status == 0 && good.stdout.hasPrefix("valid: snapshot-isolation\n"), "\(good.stdout)\(good.stderr)")
        let maelstrom = try BuiltBinary.run(["txncheck", path, "--consistency-models", "read-committed,serializable"])
        #expect(maelstrom.status == 1 && maelstrom.stdout.hasPrefix("invalid: not serializable"), "Maelstrom's flag, all models must hold: \(maelstrom.stdout)")
        let json = try BuiltBinary.run(["txncheck", path, "--model", "serializable", "--format", "json"])
        #expect(json.status == 1 && json.stdout.hasPrefix("{\"valid\":false,\"model\":\"serializable\""), "\(json.stdout)")
    }

    @Test func aSerialHistoryIsValidForStrictSerializability() throws {
        let path = try write("""
            {"process":0,"type":"invoke","f":"txn","value":[["append","x",1]]}
            {"process":0,"type":"ok","f":"txn","value":[["append","x",1]]}
            {"process":1,"type":"invoke","f":"txn","value":[["r","x",null],["append","x",2]]}
            {"process":1,"type":"ok","f":"txn","value":[["r","x",[1]],["append","x",2]]}
            {"process":0,"type":"invoke","f":"txn","value":[["r","x",null]]}
            {"process":0,"type":"ok","f":"txn","value":[["r","x",[1,2]]]}

            """)
        let r = try BuiltBinary.run(["txncheck", path])
        #expect(r.status == 0 && r.stdout.hasPrefix("valid: strict-serializable\n"), "\(r.stdout)\(r.stderr)")
    }

    /// Elle's README demo, in Elle's own EDN: G1c, invalid for read committed.
    @Test func anEDNHistoryIsReadAsJepsenWritesIt() throws {
        let path = try write("""
            {:process 0, :type :ok, :value [[:append :x 1] [:r :y [1]]]}
            {:process :nemesis, :type :info, :f :start}
            {:process 1, :type :ok, :value [[:append :x 2] [:append :y 1]]}
            {:process 2, :type :ok, :value [[:r :x [1 2]]]}

            """, "elle.edn")
        let r = try BuiltBinary.run(["txncheck", path, "--model", "read-committed"])
        #expect(r.status == 1 && r.stdout.hasPrefix("invalid: not read-committed (G1c ×1)"), "\(r.stdout)\(r.stderr)")
    }

    /// The issue's own EDN line, `:f :txn` and keyword keys, among integer-keyed
    /// JSON-shaped neighbours: T4 read y = [1], before T2's append of 2, yet T3
    /// read T2's 2 and T4 read T3's x: one rw edge, G-single.
    @Test func theIssuesEDNFormAndIntegerKeysAreRead() throws {
        let valid = """
            {:process 1, :type :ok, :f :txn, :value [[:append :y 1] [:append 7 10]]}
            {:process 2, :type :ok, :f :txn, :value [[:append :y 2]]}
            {:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:r :y [1 2]]]}
            {:process 1, :type :ok, :f :txn, :value [[:r 7 [10]]]}

            """
        let good = try BuiltBinary.run(["txncheck", try write(valid, "issue.edn"), "--model", "serializable"])
        #expect(good.status == 0 && good.stdout.hasPrefix("valid: serializable\n"), "\(good.stdout)\(good.stderr)")
        #expect(good.stdout.contains("list-append, 4 transactions"), "\(good.stdout)")
        let skewed = valid + "{:process 3, :type :ok, :f :txn, :value [[:r :x [1]] [:r :y [1]]]}\n"
        let path = try write(skewed, "issue-skew.edn")
        let bad = try BuiltBinary.run(["txncheck", path, "--model", "serializable"])
        #expect(bad.status == 1 && bad.stdout.hasPrefix("invalid: not serializable (G-single ×1)"), "\(bad.stdout)\(bad.stderr)")
        let weaker = try BuiltBinary.run(["txncheck", path, "--model", "read-committed"])
        #expect(weaker.status == 0 && weaker.stdout.hasPrefix("valid: read-committed\n"), "\(weaker.stdout)")
        // Integer keys in JSON: T1 read key 2 empty, before T2's append to it, and read T2's 7 on key 3.
        let ints = try write(#"{"process":0,"type":"ok","f":"txn","value":[["append",1,5],["r",2,[]],["r",3,[7]]]}"# + "\n"
                             + #"{"process":1,"type":"ok","f":"txn","value":[["append",2,3],["append",3,7]]}"# + "\n", "ints.jsonl")
        let single = try BuiltBinary.run(["txncheck", ints, "--model", "serializable"])
        #expect(single.status == 1 && single.stdout.hasPrefix("invalid: not serializable (G-single ×1)"), "\(single.stdout)\(single.stderr)")
        #expect(single.stdout.contains("T1 -rw-> T2: T1 read key 2 empty"), "\(single.stdout)")
    }

    @Test func badInputExitsTwoWithTheLineAndColumn() throws {
        let path = try write("{\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"append\",\"x\",1]]}\n{\"process\":0,\"type\":\"ok\",\"value\":[1,}\n")
        let r = try BuiltBinary.run(["txncheck", path])
        #expect(r.status == 2 && r.stderr == "\(path):2:37: not valid JSON\n", "\(r.stderr)")
        let model = try BuiltBinary.run(["txncheck", path, "--model", "linearizable"])
        #expect(model.status == 2 && model.stderr.contains("unknown model 'linearizable'"), "\(model.stderr)")
        let endless = try BuiltBinary.run(["txncheck", "/dev/zero"])
        #expect(endless.status == 2 && endless.stderr.contains("/dev/zero: the file is larger than"), "\(endless.stderr)")
    }
}
