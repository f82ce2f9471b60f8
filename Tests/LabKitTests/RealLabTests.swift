import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import LabKit

/// Labs on real clusters, with stand-in systems (no root needed): a real
/// scenario is checked without starting anything, its parameters and node
/// count are errors where they are written, `--real` refuses a lab not
/// written for it, and skipped steps are left out with one line saying so.
@Suite struct RealLabTests {
    init() { _ = FakeRealSystems.ready }

    static func lab(_ text: String, name: String = "real.yaml") throws -> Lab {
        try LabLoader.load(SourceText(name: name, text: text))
    }

    /// The error loading `text` gives (nil: it loads).
    static func loadError(_ text: String) -> SourceError? {
        do { _ = try lab(text); return nil } catch let e as SourceError { return e } catch { return nil }
    }

    static func realLab(_ scenario: String) -> String {
        """
        id: real-x
        title: A real cluster
        topic: real
        scenario:
        \(scenario)
        steps:
          - run: {for: 1s}
          - id: q
            ask: {prompt: "?", number: 1}
        """
    }

    @Test func aRealScenarioValidatesWithoutStartingACluster() throws {
        let before = FakeRealSystems.started
        let text = Self.realLab("  protocol: real-etcd\n  nodes: 3\n  clients: 2\n")
        let (errors, _) = LabValidator.check(SourceText(name: "real.yaml", text: text))
        #expect(errors.isEmpty, "\(errors)")
        #expect(FakeRealSystems.started == before, "validation started a cluster")
        let lab = try Self.lab(text)
        #expect(lab.scenario.servers == 3 && lab.scenario.clients == 2)
    }

    @Test func anUnknownParameterIsAnErrorAtItsKey() throws {
        let text = Self.realLab("  protocol: real-redis\n  nodes: 6\n  parameters: {masters: 3, replicas: 1, node_timeot_ms: 3000}\n")
        let e = try #require(Self.loadError(text))
        #expect(e.line == 7 && e.column == 41, "\(e)")
        #expect(e.message.contains("unknown key 'scenario.parameters.node_timeot_ms'") && e.message.contains("node_timeout_ms"), "\(e)")
    }

    @Test func aParameterTheSystemRefusesIsAnErrorAtTheParameters() throws {
        let e = try #require(Self.loadError(Self.realLab("  protocol: real-etcd\n  nodes: 3\n  parameters: {masters: 3}\n")))
        #expect(e.line == 7 && e.message.contains("real etcd: --masters does not apply to etcd"), "\(e)")
    }

    @Test func theNodeCountMustBeTheSystems() throws {
        let text = Self.realLab("  protocol: real-redis\n  nodes: 4\n  parameters: {masters: 3, replicas: 1}\n")
        let e = try #require(Self.loadError(text))
        #expect(e.line == 6 && e.column == 10 && e.message.contains("nodes: 4") && e.message.contains("has 6 servers"), "\(e)")
        #expect(Self.loadError(text.replacingOccurrences(of: "nodes: 4", with: "nodes: 6")) == nil)
    }

    @Test func simulatorSettingsAreRefusedOnARealCluster() throws {
        let workload = try #require(Self.loadError(Self.realLab("  protocol: real-etcd\n  nodes: 3\n  workload: {ops: 10}\n")))
        #expect(workload.line == 7 && workload.message.contains("'workload:' does not apply"), "\(workload)")
        let network = try #require(Self.loadError(Self.realLab("  protocol: real-etcd\n  nodes: 3\n  network: {latency: 5ms}\n")))
        #expect(network.message.contains("netem"), "\(network)")
    }

    @Test func aRealSystemThisProgramLacksIsAClearErrorWhenTheLabStarts() throws {
        // Nothing registers real-zookeeper in this test process: the file loads, the run cannot start.
        let lab = try Self.lab(Self.realLab("  protocol: real-zookeeper\n  nodes: 3\n"))
        #expect {
            _ = try LabRunner(lab: lab)
        } throws: { e in
            "\(e)".contains("real.yaml:5:") && "\(e)".contains("runs a real zookeeper cluster")
        }
    }

    // MARK: simulator labs with `real:`

    static let mixed = """
        id: mixed
        title: Mixed
        topic: raft
        real: [etcd]
        scenario: {protocol: raft, nodes: 3, seed: 2, parameters: {prevote: false}}
        steps:
          - say: Both.
          - run: {until: "n1.role == leader", limit: 2s}
            real: skip
            real_note: The simulator's seed makes n1 the leader.
          - id: seed-q
            ask: {prompt: "Which seed?", number: 2}
            real: skip
          - run: {until: "leader.up", limit: 5s}
            real: only
          - id: leaders
            predict:
              prompt: How many leaders?
              number: "count(role == leader)"
              then: {for: 100ms}
          - id: real-q
            ask: {prompt: "Real?", number: 1}
            real: only
        """

    @Test func theSimulatorLeavesOutRealOnlySteps() throws {
        let lab = try Self.lab(Self.mixed)
        #expect(lab.realSystems == ["etcd"])
        #expect(lab.steps.count == 4 && lab.authoredSteps.count == 6)
        #expect(!lab.steps.contains { $0.id == "real-q" })
        #expect(lab.maxScore == 2)
    }

    @Test func onARealClusterSkippedStepsBecomeOneLineSayingWhy() throws {
        let real = try Self.lab(Self.mixed).onRealCluster("etcd")
        #expect(real.id == "mixed-real-etcd" && real.scenario.protocolName == "real-etcd" && real.scenario.parameters == nil)
        #expect(real.scenario.servers == 3)
        #expect(real.steps.map(\.kindName) == ["say", "say", "run", "predict", "ask"])
        guard case .say(let line) = real.steps[1].kind else { Issue.record("no line for the skipped steps"); return }
        #expect(line.contains("Skipped on real etcd: 2 steps") && line.contains("The simulator's seed makes n1 the leader."), "\(line)")
        #expect(real.maxScore == 2, "the skipped question is not scored; the real-only one is")
        let sheet = AnswerSheet(entries: ["leaders": .response(raw: "1", choices: nil), "real-q": .response(raw: "1", choices: nil)])
        let before = FakeRealSystems.started
        let outcome = try LabPlayer.play(real, answers: sheet)
        #expect(FakeRealSystems.started == before + 1, "the lab ran on the real system's factory")
        #expect(outcome.score == 2 && outcome.problems.isEmpty, "\(outcome.lines.joined(separator: "\n"))")
        #expect(outcome.lines.contains { $0.contains("Skipped on real etcd") })
    }

    @Test func aLabNotWrittenForTheSystemIsRefused() throws {
        let lab = try Self.lab(Self.mixed)
        #expect { _ = try lab.onRealCluster("redis") } throws: { "\($0)".contains("lab 'mixed' is not written for a real redis cluster (it has 'real: [etcd]')") }
        #expect { _ = try lab.onRealCluster("etcdd") } throws: { "\($0)".contains("no real system 'etcdd'") }
        let plain = try Self.lab(Self.mixed.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("real") }
            .joined(separator: "\n"))
        #expect { _ = try plain.onRealCluster("etcd") } throws: { "\($0)".contains("it has no 'real:' list") }
    }

    @Test func aRealClusterOfAnotherSizeIsRefused() throws {
        let big = try Self.lab(Self.mixed.replacingOccurrences(of: "nodes: 3", with: "nodes: 9"))
        #expect { _ = try big.onRealCluster("etcd") } throws: { "\($0)".contains("must be 1…7") }
        let errors = LabValidator.validate(big.source)
        #expect(errors.first?.line == 4 && errors.first?.message.contains("real: etcd:") == true, "\(errors)")
    }

    @Test(arguments: [
        ("real: [etcd]", "real: [etcdd]", 4, "unknown real system 'etcdd' (did you mean 'etcd'?)"),
        ("real: [etcd]", "real: skip", 4, "'real: skip' goes on a step"),
        ("    real: only\n", "    real: maybe\n", 15, "a step's 'real:' is skip or only (got 'maybe')"),
        ("real: [etcd]\n", "", 8, "needs the lab's top-level 'real: [SYSTEM]'"),
        ("    real: only\n", "    real: only\n    real_note: why\n", 16, "'real_note:' says why a step is skipped"),
    ])
    func badRealMarksAreErrorsWhereTheyAre(_ find: String, _ replace: String, _ line: Int, _ message: String) throws {
        let text = Self.mixed.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.mixed)
        let e = try #require(Self.loadError(text))
        #expect(e.line == line && e.message.contains(message), "\(e)")
    }

    @Test func aRealLabCannotAlsoListRealSystems() throws {
        let text = Self.realLab("  protocol: real-etcd\n  nodes: 3\n").replacingOccurrences(of: "topic: real\n", with: "topic: real\nreal: [etcd]\n")
        let e = try #require(Self.loadError(text))
        #expect(e.message.contains("already runs a real cluster"), "\(e)")
    }

    // MARK: the clusterlab program

    @Test func realIsRefusedForALabWithoutItAndTheLabsThatAcceptItAreNamed() throws {
        let r = try BuiltBinary.run(["lab", "play", "raft-leader-election", "--real", "etcd"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("lab 'raft-leader-election' is not written for a real etcd cluster"), "\(r.stderr)")
        #expect(r.stderr.contains("labs that do: ") && r.stderr.contains("raft-partitions"), "\(r.stderr)")
    }

    /// The raft partitions lab against real etcd, end to end, with the reference answers; nothing is left after it.
    @Test(.enabled(if: RealHostSupport.etcd.ok, Comment(rawValue: "real etcd: " + RealHostSupport.etcd.reason)))
    func raftPartitionsPlaysToTheEndOnRealEtcd() throws {
        let before = RealHostSupport.namespaces()
        let answers = BuiltBinary.packageRoot.appendingPathComponent("Instructors/answers/raft/partitions.answers.yaml").path
        let bin = try #require(BuiltBinary.clusterlab)
        let r = try Subprocess.run(bin.path, ["lab", "play", "raft-partitions", "--real", "etcd", "--answers", answers], limit: 600)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        #expect(r.stdout.contains("Skipped on real etcd"), "\(r.stdout)")
        #expect(r.stdout.split(separator: "\n").last?.hasPrefix("score=") == true, "\(r.stdout)")
        #expect(!r.stdout.contains("PROBLEM"), "\(r.stdout)")
        #expect(RealHostSupport.orphans(RealHostSupport.namespaces().subtracting(before)).isEmpty, "the run left namespaces behind")
    }
}
