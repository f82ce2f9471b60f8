import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import LabKit

/// Every shipped lab validates, plays to full score with its reference
/// answers, and scores less with wrong ones (so the checks can fail).
@Suite struct ShippedLabTests {
    static var labs: [String] {
        LabLibrary(root: BuiltBinary.packageRoot.appendingPathComponent("Labs")).entries.map(\.path)
    }

    func load(_ path: String) throws -> Lab {
        try LabLoader.load(SourceText(name: path, text: String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test func labsShip() { #expect(Self.labs.count >= 1) }

    /// A lab on a real cluster is validated and played by the clusterlab
    /// program (which has the real systems), and played only where real
    /// clusters can run; true when the test is done with it.
    /// A lab on a real cluster is validated by the clusterlab program, which has the real systems (this process does not).
    static func validatedAsReal(_ path: String) throws -> Bool {
        guard RealHostSupport.realSystem(ofLab: path) != nil else { return false }
        let r = try BuiltBinary.run(["lab", "validate", path])
        #expect(r.status == 0, "\(r.stderr)")
        return true
    }

    @Test(arguments: labs)
    func aShippedLabValidates(_ path: String) throws {
        if try Self.validatedAsReal(path) { return }
        guard MaelstromLabSupport.canPlay(path) else { return }
        let errors = LabValidator.validate(SourceText(name: path, text: try String(contentsOfFile: path, encoding: .utf8)))
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: labs)
    func aShippedLabPlaysToFullScoreWithItsAnswers(_ path: String) throws {
        // Labs on real clusters are played by RealShippedLabTests, through the clusterlab program.
        guard MaelstromLabSupport.canPlay(path), RealShippedLabTests.playsInProcess(path) else { return }
        let lab = try load(path)
        let answersPath = LabLibrary.answersPath(for: path)
        let sheet = try AnswerSheet.load(SourceText(name: answersPath, text: try String(contentsOfFile: answersPath, encoding: .utf8)))
        let outcome = try LabPlayer.play(lab, answers: sheet)
        #expect(outcome.score == outcome.max, "\(path):\n\(outcome.lines.joined(separator: "\n"))")
        #expect(outcome.lines.last == "score=\(lab.maxScore)/\(lab.maxScore)")
        #expect(outcome.problems.isEmpty)
        let interactive = lab.steps.filter(\.isInteractive)
        #expect(interactive.count >= 3, "a lab has at least three checked questions or tasks")
        #expect(interactive.contains { if case .predict = $0.kind { return true }; return false }, "a lab has a predict step")
        #expect(interactive.contains { if case .task = $0.kind { return true }; return false }, "a lab has a task")
    }

    @Test(arguments: labs)
    func wrongAnswersScoreLess(_ path: String) throws {
        guard MaelstromLabSupport.canPlay(path), RealShippedLabTests.playsInProcess(path) else { return }
        let lab = try load(path)
        var wrong: [String: AnswerSheet.Entry] = [:]
        for step in lab.steps {
            guard let id = step.id else { continue }
            switch step.kind {
            case .ask(let q):
                switch q.answer {
                case .choice(let options, _):
                    let bad = options.indices.first { !options[$0].correct }!
                    wrong[id] = .response(raw: choiceLetter(bad), choices: [bad])
                case .number(let v, let tol): wrong[id] = .response(raw: String(v + tol + 1000), choices: nil)
                case .text: wrong[id] = .response(raw: "certainly not this", choices: nil)
                }
            case .predict(let p):
                if case .choice(let options) = p.key {
                    // Pick a choice the reference answer does not.
                    wrong[id] = .response(raw: "x", choices: [options.count - 1])
                } else { wrong[id] = .response(raw: "-123456", choices: nil) }
            case .task: wrong[id] = .actions([])
            default: break
            }
        }
        let outcome = try LabPlayer.play(lab, answers: AnswerSheet(entries: wrong))
        #expect(outcome.score < outcome.max, "\(path): wrong answers scored \(outcome.score)/\(outcome.max)")
        let none = try LabPlayer.play(lab, answers: nil)
        #expect(none.score == 0, "\(path): no answers scored \(none.score)")
    }

    @Test func aResumedLabIsExactlyWhereTheStudentLeftIt() throws {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/clocks/lamport-vs-vector.yaml").path
        let lab = try load(path)
        let runner = try LabRunner(lab: lab)
        _ = runner.advance()
        _ = runner.answer(.choices([1]))
        _ = runner.advance()
        _ = runner.answer(.number(4))
        _ = runner.advance()
        _ = runner.answer(.choices([0]))
        _ = runner.advance()
        let saved = runner.record
        let resumed = try LabRunner.resume(lab, from: saved)
        #expect(resumed.position == runner.position)
        #expect(resumed.score == runner.score && resumed.score == 3)
        #expect(resumed.run.trace.events == runner.run.trace.events, "the cluster is exactly as it was")
    }
}

@Suite struct ProgressStoreTests {
    func store() throws -> ProgressStore { ProgressStore(directory: try BuiltBinary.temporaryDirectory()) }

    func sample(_ score: Int) -> StudentProgress {
        var p = StudentProgress(id: "0123456789abcdef")
        p.labs["x"] = .init(title: "X", topic: "t", position: 3, responses: ["q": "a"], score: score, maxScore: 5,
                            completed: false, updated: 0)
        return p
    }

    @Test func saveAndLoadRoundTrip() throws {
        let s = try store()
        if case .fresh = s.load() {} else { Issue.record("a new store starts fresh") }
        try s.save(sample(2))
        guard case .loaded(let p) = s.load() else { Issue.record("not loaded"); return }
        #expect(p == sample(2))
    }

    /// A kill in the middle of a save leaves a half-written temporary file and
    /// the old progress untouched; the next save succeeds.
    @Test(arguments: [0, 1, 17, 60, 120])
    func progressSurvivesAKillInTheMiddleOfASave(bytes: Int) throws {
        let s = try store()
        try s.save(sample(1))
        #expect(throws: SimulatedKill.self) { try s.save(sample(4), dyingAfter: bytes) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.directory.path)
        #expect(leftovers.contains { $0.hasSuffix(".tmp") }, "the interrupted write left its temporary file")
        guard case .loaded(let p) = s.load() else { Issue.record("old progress lost after a kill at \(bytes) bytes"); return }
        #expect(p == sample(1))
        try s.save(sample(4))
        #expect(s.load().progress == sample(4))
    }

    @Test func aCorruptFileIsKeptAsideAndReported() throws {
        let s = try store()
        try FileManager.default.createDirectory(at: s.directory, withIntermediateDirectories: true)
        try Data("{\"labs\": {\"x\": tru".utf8).write(to: s.file)
        guard case .recovered(let p, let kept, _) = s.load() else { Issue.record("corruption not reported"); return }
        #expect(p.labs.isEmpty)
        #expect(String(decoding: try Data(contentsOf: kept), as: UTF8.self) == "{\"labs\": {\"x\": tru", "kept byte for byte")
        #expect(!FileManager.default.fileExists(atPath: s.file.path))
    }

    @Test func theDefaultLocationFollowsXDG() {
        #expect(ProgressStore.forCurrentUser(environment: ["XDG_DATA_HOME": "/x/data"]).file.path == "/x/data/clusterlab/progress.json")
        #expect(ProgressStore.forCurrentUser(environment: ["HOME": "/home/s"]).file.path == "/home/s/.local/share/clusterlab/progress.json")
    }

    @Test func exportIsCSVWithAHeader() {
        let csv = sample(2).exportCSV()
        #expect(csv == ProgressExport.csvHeader + "\n,\"x\",\"X\",\"t\",,,2,5,,0,,,false,4,student,lab,\n")
    }
}

@Suite struct QuizTests {
    let bank = """
        topic: t
        questions:
          - id: one
            prompt: Pick b
            choices: [a, {text: b, correct: true}]
          - id: two
            prompt: How many?
            number: 3
            tolerance: 0.5
          - id: three
            prompt: Say majority
            accept: [majority, a majority]
          - id: four
            prompt: Pick a and c
            multiple: true
            choices: [{text: a, correct: true}, b, {text: c, correct: true}]
        """

    @Test func gradingAndScoring() throws {
        let b = try QuizBank.load(SourceText(name: "q.yaml", text: bank))
        var score = QuizScore()
        let q = Dictionary(uniqueKeysWithValues: b.items.map { ($0.id, $0.question) })
        for (id, r, ok) in [("one", LabResponse.choices([1]), true), ("one", .choices([0]), false),
                            ("two", .number(3.4), true), ("two", .number(4), false),
                            ("three", .text("  A   Majority "), true), ("three", .text("quorum"), false),
                            ("four", .choices([2, 0]), true), ("four", .choices([0]), false),
                            ("four", .unanswered, false)] {
            let v = LabGrading.grade(q[id]!, r)
            #expect(v.correct == ok, "\(id) \(r)")
            score.add(v, of: 1)
        }
        #expect(score.got == 4 && score.max == 9)
    }

    @Test func drawsAreSeededAndDistinct() throws {
        let b = try QuizBank.load(SourceText(name: "q.yaml", text: bank))
        #expect(b.draw(3, seed: 7).map(\.id) == b.draw(3, seed: 7).map(\.id))
        #expect(Set(b.draw(10, seed: 1).map(\.id)).count == 4)
    }

    @Test func aBrokenBankSaysWhere() {
        do { _ = try QuizBank.load(SourceText(name: "q.yaml", text: "topic: t\nquestions:\n  - id: a\n    prompt: x\n")); Issue.record("accepted") }
        catch let e as SourceError { #expect(e.line == 3 && e.message.contains("exactly one of")) }
        catch { Issue.record("\(error)") }
    }
}
