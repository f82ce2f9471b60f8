import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import LabKit

/// A lab with named scenarios: a `use:` step starts a fresh run of one, the
/// earlier run stays readable, and going back before the step restores it.
/// The CAP lab runs both its stores this way, and its predictions are keyed
/// by what each run does.
@Suite struct LabScenarioSwitchTests {
    static let twoClusters = """
        id: two
        title: Two clusters
        topic: test
        scenarios:
          gossip: {protocol: gossip, nodes: 3, seed: 2}
          raft: {protocol: raft, nodes: 5, seed: 2}
        steps:
          - run: {for: 200ms}
          - id: q1
            ask: {prompt: "?", number: 1}
          - use: raft
          - run: {until: "count(role == leader) == 1 && n5.up", limit: 2s}
          - id: q2
            ask: {prompt: "?", number: 2}
        """

    static let capPath = BuiltBinary.packageRoot.appendingPathComponent("Labs/cap/cap.yaml").path
    static let capAnswersPath = LabLibrary.answersPath(for: capPath)

    static func capSheet(changing changes: [String: String] = [:]) throws -> AnswerSheet {
        var sheet = try AnswerSheet.load(SourceText(name: capAnswersPath, text: String(contentsOfFile: capAnswersPath, encoding: .utf8)))
        for (id, letter) in changes {
            sheet.entries[id] = .response(raw: letter, choices: LabResponse.choiceLetters(letter))
        }
        return sheet
    }

    static func capLab(_ edit: (String) -> String = { $0 }) throws -> Lab {
        try LabLoader.load(SourceText(name: capPath, text: edit(String(contentsOfFile: capPath, encoding: .utf8))))
    }

    @Test func theLabStartsWithTheFirstNamedScenarioAndUseSwitchesToAFreshRun() throws {
        let lab = try LabLoader.load(SourceText(name: "two.yaml", text: Self.twoClusters))
        #expect(lab.scenarios.keys.sorted() == ["gossip", "raft"])
        let runner = try LabRunner(lab: lab)
        #expect(runner.run.protocolName == "gossip" && runner.run.layout.serverCount == 3)
        let first = runner.run
        _ = runner.advance()
        _ = runner.answer(.number(1))
        let events = runner.advance().map(\.event)
        #expect(events.contains { if case .started(scenario: "raft", _) = $0 { return true } else { return false } })
        #expect(runner.run !== first && runner.run.protocolName == "raft" && runner.run.layout.serverCount == 5)
        #expect(runner.runs.map(\.scenario) == [nil, "raft"], "the earlier run is kept, finished")
        #expect(first.now.microseconds == 200_000, "and stays as it was")
        #expect(runner.engineSteps == first.stepCount + runner.run.stepCount, "the step budget counts every run")
        #expect(runner.current?.id == "q2")
    }

    @Test func goingBackBeforeAUseStepRestoresTheEarlierRunAndComingBackStartsAfresh() throws {
        let lab = try LabLoader.load(SourceText(name: "two.yaml", text: Self.twoClusters))
        let runner = try LabRunner(lab: lab)
        let first = runner.run
        _ = runner.advance()
        _ = runner.answer(.number(1))
        _ = runner.advance()
        let raftTrace = runner.run.trace.events
        runner.rewind(to: 1)
        #expect(runner.run === first && runner.world.run === first, "back at q1: the gossip run again")
        #expect(runner.runs.count == 1 && runner.current?.id == "q1")
        #expect(first.now.microseconds == 200_000)
        _ = runner.answer(.number(1))
        _ = runner.advance()
        #expect(runner.run.protocolName == "raft" && runner.run.trace.events == raftTrace, "the same fresh run, deterministically")
    }

    /// Going back within the run a `use:` started keeps that run and rewinds it.
    @Test func goingBackAfterAUseStepStaysInTheNewRun() throws {
        let lab = try LabLoader.load(SourceText(name: "two.yaml", text: Self.twoClusters + """

              - run: {for: 300ms}
              - id: q3
                ask: {prompt: "?", number: 3}
            """))
        let runner = try LabRunner(lab: lab)
        _ = runner.advance()
        _ = runner.answer(.number(1))
        _ = runner.advance()
        let raft = runner.run
        let atQ2 = raft.now
        _ = runner.answer(.number(2))
        _ = runner.advance()
        #expect(runner.current?.id == "q3" && raft.now.microseconds == atQ2.microseconds + 300_000)
        runner.rewind(to: lab.index(of: "q2")!)
        #expect(runner.run === raft && raft.now == atQ2 && runner.runs.count == 2)
    }

    @Test func aResumedLabReplaysItsUseSteps() throws {
        let lab = try LabLoader.load(SourceText(name: "two.yaml", text: Self.twoClusters))
        let runner = try LabRunner(lab: lab)
        _ = runner.advance()
        _ = runner.answer(.number(1))
        _ = runner.advance()
        let resumed = try LabRunner.resume(lab, from: runner.record)
        #expect(resumed.current?.id == "q2" && resumed.run.protocolName == "raft")
        #expect(resumed.run.trace.events == runner.run.trace.events)
    }

    @Test func labPlayWithTheReferenceAnswersScoresFullMarksOnTheCapLab() throws {
        let r = try BuiltBinary.run(["lab", "play", Self.capPath, "--answers", Self.capAnswersPath])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "score=6/6", "\(r.stdout)")
        #expect(lines.contains { $0.contains("use: a fresh run of 'cp': raft, 3 servers") }, "the CP side runs inside the lab")
        #expect(!r.stdout.contains("PROBLEM"))
    }

    @Test func aWrongAnswersFileLosesThePointsInLabPlay() throws {
        let dir = try BuiltBinary.temporaryDirectory()
        let wrong = dir.appendingPathComponent("cap.answers.yaml")
        let text = try String(contentsOfFile: Self.capAnswersPath, encoding: .utf8)
            .replacingOccurrences(of: "cp-minority: b", with: "cp-minority: a")
            .replacingOccurrences(of: "ap-stale: a", with: "ap-stale: b")
        try text.write(to: wrong, atomically: true, encoding: .utf8)
        let r = try BuiltBinary.run(["lab", "play", Self.capPath, "--answers", wrong.path])
        #expect(r.stdout.split(separator: "\n").last == "score=4/6", "\(r.stdout)")
    }

    /// The tempting wrong choice for the CP side ("n1 answers every one of
    /// them", as the AP store's n1 did) fails on Raft's run; the same lab
    /// with a quorum store at ONE in place of Raft makes it the right one
    /// and the reference answer wrong: the key is the run, not the file.
    @Test func theCPSidePredictionsAreKeyedByTheRun() throws {
        let lab = try Self.capLab()
        let tempting = try LabPlayer.play(lab, answers: Self.capSheet(changing: ["cp-minority": "a", "cp-stale": "a"]))
        #expect(tempting.score == tempting.max - 2, "\(tempting.lines.joined(separator: "\n"))")
        #expect(tempting.record.questions["cp-minority"]?.attempts.first?.correct == false)

        let apInPlaceOfCP = try Self.capLab { text in
            let start = text.range(of: "  cp:\n    protocol: raft")!.lowerBound
            let end = text.range(of: "\nsteps:")!.lowerBound
            return text.replacingCharacters(in: start..<end, with: """
                  cp:
                    protocol: quorum
                    seed: 3
                    nodes: 3
                    clients: 2
                    parameters: {replication_factor: 3, read_consistency: one, write_consistency: one}
                    workload: {ops: 100000, keys: 1, read_weight: 1, write_weight: 1, timeout: 500ms}
                """)
        }
        #expect(apInPlaceOfCP.scenarios["cp"]?.protocolName == "quorum")
        let reference = try LabPlayer.play(apInPlaceOfCP, answers: Self.capSheet())
        #expect(reference.record.questions["cp-minority"]?.attempts.first?.correct == false)
        #expect(reference.record.questions["cp-stale"]?.attempts.first?.correct == false)
        let swapped = try LabPlayer.play(apInPlaceOfCP, answers: Self.capSheet(changing: ["cp-minority": "a", "cp-stale": "a"]))
        #expect(swapped.record.questions["cp-minority"]?.attempts.first?.correct == true)
        #expect(swapped.record.questions["cp-stale"]?.attempts.first?.correct == true)
    }

    /// The client-history functions agree with the checkers they wrap: on
    /// the CAP lab's AP run, operations answered plus refused per server add
    /// up to every completed operation, and stale reads are the checker's.
    @Test func clientHistoryPredicatesAgreeWithTheCheckers() throws {
        let lab = try Self.capLab()
        let runner = try LabRunner(lab: lab)
        _ = runner.advance()
        _ = runner.answer(.choices([0]))
        _ = runner.advance()
        func value(_ text: String) throws -> PredicateValue {
            try Predicate(text: text, expr: PredicateParser.parse(text)).value(in: runner.world)
        }
        let history = SessionHistory(trace: runner.run.trace)
        let completed = history.operations.filter { $0.outcome != .pending && $0.firstContact != nil }.count
        var sum = 0.0
        for n in ["n1", "n2", "n3"] {
            guard case .number(let ok) = try value("ops_ok(\(n))"), case .number(let failed) = try value("ops_failed(\(n))") else {
                Issue.record("no number for \(n)"); return
            }
            sum += ok + failed
        }
        #expect(Int(sum) == completed)
        #expect(try value("stale_reads()") == .number(Double(StaleReads.find(in: history).count)))
        #expect(try value("stale_reads(now + 1s)") == .number(0), "nothing is invoked in the future")
        #expect(try value("linearizable()") == .bool(false), "the AP side's partitioned history")
    }
}
