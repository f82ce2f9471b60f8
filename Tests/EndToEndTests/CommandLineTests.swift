import Testing
import Foundation
import TestSupport

/// The executable as a person uses it: separate processes, real exit codes.
@Suite struct CommandLineTests {
    var example: String { BuiltBinary.packageRoot.appendingPathComponent("Labs/examples/gossip-partition.yaml").path }

    @Test func twoProcessesWriteByteIdenticalJSONLTraces() throws {
        let a = try BuiltBinary.run(["export", example, "--format", "jsonl", "--seed", "42"])
        let b = try BuiltBinary.run(["export", example, "--format", "jsonl", "--seed", "42"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr)\(b.stderr)")
        #expect(a.stdout.utf8.count > 10_000)
        #expect(a.stdout == b.stdout)
    }

    @Test func runPrintsAReadableEventLog() throws {
        let r = try BuiltBinary.run(["run", example])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("partition n1 n2 | n3 n4 n5"))
        #expect(r.stdout.contains("(partition)"))
        #expect(r.stdout.contains("heal"))
    }

    @Test func exportWritesAShiVizFile() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let out = dir.appendingPathComponent("g.shiviz").path
        let r = try BuiltBinary.run(["export", example, "--format", "shiviz", "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        // Line 1 the parser and line 2 an empty delimiter, as ShiViz's file upload reads them.
        #expect(text.hasPrefix("(?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})\n\nstart @0s\nn1 {\"n1\":1}\n"), "\(text.prefix(120))")
    }

    @Test func badInputExitsTwoWithALocation() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.yaml")
        try "protocol: gossip\nnodes: 3\nactions:\n  - {at: 1s, crash: n4}\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try BuiltBinary.run(["run", bad.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml:4:21: actions[0].crash: unknown node 'n4'"), "\(r.stderr)")
        #expect(try BuiltBinary.run(["run", dir.appendingPathComponent("missing.yaml").path]).status == 2)
        #expect(try BuiltBinary.run(["run"]).status == 2, "a usage error is bad input")
        #expect(try BuiltBinary.run(["frobnicate"]).status == 2)
    }

    @Test func aRaftRunIsCheckedAndAViolationExitsOne() throws {
        let root = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples")
        let ok = try BuiltBinary.run(["run", root.appendingPathComponent("raft-partition.yaml").path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("state: leader"))
        let bad = try BuiltBinary.run(["run", root.appendingPathComponent("raft-mutant-vote-twice.yaml").path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("VIOLATION: election safety violated"), "\(bad.stderr)")
        #expect(bad.stderr.contains("at event "), "the violation is printed with its event")
    }

    @Test func lincheckGivesTheRightVerdictOnARaftHistory() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let history = dir.appendingPathComponent("h.jsonl").path
        let example = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples/raft-partition.yaml").path
        #expect(try BuiltBinary.run(["export", example, "--format", "history", "--out", history]).status == 0)
        let good = try BuiltBinary.run(["lincheck", history])
        #expect(good.status == 0 && good.stdout.hasPrefix("linearizable"), "\(good.stdout)\(good.stderr)")
        // A read of a value nobody wrote cannot be linearized.
        var lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n").map(String.init)
        let i = try #require(lines.lastIndex { $0.contains("\"type\":\"ok\"") && $0.contains("\"f\":\"read\"") })
        lines[i] = lines[i].replacing(#/"value":[^}]*\}/#, with: "\"value\":987654}")
        try lines.joined(separator: "\n").write(toFile: history, atomically: true, encoding: .utf8)
        let bad = try BuiltBinary.run(["lincheck", history])
        #expect(bad.status == 1 && bad.stdout.hasPrefix("not linearizable"), "\(bad.stdout)\(bad.stderr)")
    }

    /// Knossos's own shape of history: EDN, a nemesis, a register that starts at 0.
    @Test func lincheckReadsKnossosEDNWithAnInitialValue() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let history = dir.appendingPathComponent("history.edn").path
        try """
            {:process 0, :type :invoke, :f :read, :value nil}\r
            {:process :nemesis, :type :info, :f :start, :value nil}\r
            {:process 0, :type :ok, :f :read, :value 0}\r
            {:process 1, :type :invoke, :f :read, :value nil}\r
            {:process 1, :type :ok, :f :read, :value nil}\r

            """.write(toFile: history, atomically: true, encoding: .utf8)
        let started = try BuiltBinary.run(["lincheck", "--initial", "0", history])
        #expect(started.status == 0 && started.stdout == "linearizable\n", "\(started.stdout)\(started.stderr)")
        let absent = try BuiltBinary.run(["lincheck", history])
        #expect(absent.status == 1 && absent.stdout.hasPrefix("not linearizable"), "\(absent.stdout)\(absent.stderr)")

        try "{:process 0, :type :invoke, :f :read}\n{:process 0 :type :done :f :read}\n".write(toFile: history, atomically: true, encoding: .utf8)
        let bad = try BuiltBinary.run(["lincheck", history])
        #expect(bad.status == 2)
        #expect(bad.stderr == "\(history):2:1: :type must be :invoke, :ok, :fail or :info, not :done\n", "\(bad.stderr)")
        let missing = try BuiltBinary.run(["lincheck", dir.appendingPathComponent("nope.jsonl").path])
        #expect(missing.status == 2 && missing.stderr.contains("nope.jsonl: no such file"), "\(missing.stderr)")
    }

    /// Every file a command reads has a size limit: a file that never ends is refused, not read.
    @Test(arguments: [["lincheck", "/dev/zero"], ["replay", "/dev/zero"], ["run", "/dev/zero"], ["lab", "validate", "/dev/zero"]])
    func aFileThatNeverEndsIsRefused(_ arguments: [String]) throws {
        let r = try BuiltBinary.run(arguments)
        #expect(r.status == 2 && r.stderr.contains("/dev/zero: the file is larger than"), "\(arguments): \(r.status) \(r.stderr)")
    }

    @Test func theReplicatedDataExamplesRunAndTheStaleReadCheckerFires() throws {
        let root = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples")
        let stale = try BuiltBinary.run(["run", root.appendingPathComponent("quorum-stale-read.yaml").path])
        #expect(stale.status == 1 && stale.stderr.contains("stale reads"), "\(stale.stderr)")
        let crdt = try BuiltBinary.run(["run", root.appendingPathComponent("crdt-counter.yaml").path])
        #expect(crdt.status == 0, "\(crdt.stderr)")
        #expect(crdt.stdout.contains("command: inc 5"))
    }

    @Test func versionAndHelp() throws {
        let v = try BuiltBinary.run(["--version"])
        #expect(v.status == 0 && !v.stdout.isEmpty)
        let h = try BuiltBinary.run(["--help"])
        #expect(h.status == 0 && h.stdout.contains("run") && h.stdout.contains("export") && h.stdout.contains("bench"))
    }
}
