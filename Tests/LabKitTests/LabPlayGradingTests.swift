import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import LabKit

/// `clusterlab lab play` as a student meets it: without an answers file it
/// asks on the terminal and shows nothing about a question before it is
/// answered; progress from a reference answers file is marked and never
/// counts; the export says who, when, the first-attempt score and attempts,
/// with steps counted from 1.
@Suite struct LabPlayGradingTests {
    static var labs: [String] { ShippedLabTests.labs }

    /// Texts that give a question's answer away: explanations, feedback,
    /// hints, goals, and what a prediction's choices test.
    static func secrets(_ step: LabStep) -> [String] {
        var out: [String] = []
        switch step.kind {
        case .ask(let q):
            out += [q.explanation].compactMap { $0 }
            if case .choice(let options, _) = q.answer { out += options.compactMap(\.feedback) }
        case .predict(let p):
            out += [p.explanation].compactMap { $0 }
            if case .choice(let options) = p.key { out += options.compactMap(\.feedback) + options.map(\.when.text) }
        case .task(let t):
            out += t.hints + [t.goal.text]
        default: break
        }
        // A line of each is enough to recognise it; very short ones ("a < b") also appear in prompts.
        return out.compactMap { $0.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { $0.count >= 16 }
    }

    func play(_ arguments: [String], stdin: String? = nil, data: URL) throws -> Subprocess.Result {
        let bin = try #require(BuiltBinary.clusterlab)
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = data.path
        env.removeValue(forKey: "TMUX")
        guard let stdin else { return try Subprocess.run(bin.path, arguments, environment: env) }
        let input = data.appendingPathComponent("stdin-\(UUID().uuidString).txt")
        try stdin.write(to: input, atomically: true, encoding: .utf8)
        return try Subprocess.run("/bin/sh", ["-c", "f=\"$1\"; shift; exec \"$@\" < \"$f\"", "sh", input.path, bin.path] + arguments,
                                  environment: env)
    }

    func load(_ path: String) throws -> Lab {
        try LabLoader.load(SourceText(name: path, text: String(contentsOfFile: path, encoding: .utf8)))
    }

    @Test(arguments: labs)
    func withoutAnswersNothingAboutAQuestionIsShown(_ path: String) throws {
        let lab = try load(path)
        let r = try play(["lab", "play", path], data: try BuiltBinary.temporaryDirectory())
        let first = try #require(lab.steps.first { $0.isInteractive })
        let prompt: String
        switch first.kind {
        case .ask(let q): prompt = q.prompt
        case .predict(let p): prompt = p.prompt
        case .task(let t): prompt = t.prompt
        default: prompt = ""
        }
        #expect(r.stdout.contains(prompt.split(separator: "\n")[0]), "the first question is asked:\n\(r.stdout)")
        #expect(r.status == 1 && r.stderr.contains("input ended"), "stopping early is said: \(r.stderr)")
        for step in lab.steps { for secret in Self.secrets(step) {
            #expect(!r.stdout.contains(secret), "\(path): '\(secret)' shown before it was asked for")
        } }
        #expect(!r.stdout.contains("What happened") && !r.stdout.contains("Hint:"))
    }

    /// One answer given: its explanation is shown (it was answered), no later question's is.
    @Test func anAnsweredQuestionIsExplainedAndTheNextIsNot() throws {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/clocks/lamport-vs-vector.yaml").path
        let lab = try load(path)
        let r = try play(["lab", "play", path], stdin: "a\n", data: try BuiltBinary.temporaryDirectory())
        let firstIndex = try #require(lab.steps.firstIndex { $0.isInteractive })
        #expect(r.stdout.contains("Lamport clocks are consistent with causality"), "the answered question's explanation:\n\(r.stdout)")
        for step in lab.steps[(firstIndex + 1)...] { for secret in Self.secrets(step) {
            #expect(!r.stdout.contains(secret), "'\(secret)' shown before it was asked for")
        } }
    }

    /// Letters are as this student sees them; the reference answers in the
    /// author's letters, translated through the shown order, score full.
    @Test func aStudentAtTheTerminalAnswersInTheirOwnOrder() throws {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/clocks/lamport-vs-vector.yaml").path
        let lab = try load(path)
        let data = try BuiltBinary.temporaryDirectory()
        let store = ProgressStore(directory: data.appendingPathComponent("clusterlab"))
        try store.save(StudentProgress(id: "lab-guide-tests-7"))
        let answersPath = LabLibrary.answersPath(for: path)
        let sheet = try AnswerSheet.load(SourceText(name: answersPath, text: String(contentsOfFile: answersPath, encoding: .utf8)))
        var typed: [String] = []
        for step in lab.steps where step.isInteractive {
            switch sheet.entries[step.id ?? ""] {
            case .response(let raw, let choices)?:
                let order = ChoiceOrder(count: step.choiceCount, seed: "lab-guide-tests-7", question: "\(lab.id)/\(step.id!)")
                typed.append(choices.map { order.shownResponse(.choices($0)).description } ?? raw)
            case .actions(let actions)?: typed += actions + ["check"]
            case nil: Issue.record("no answer for \(step.id ?? "?")")
            }
        }
        let r = try play(["lab", "play", lab.id, "--save-progress"], stdin: typed.joined(separator: "\n") + "\n", data: data)
        #expect(r.status == 0, "\(r.stderr)\n\(r.stdout)")
        #expect(r.stdout.hasSuffix("score=5/5\n"), "\(r.stdout)")
        #expect(r.stdout.contains("    a) a and b are concurrent"), "the order of lab-guide-tests-7")
        let saved = try #require(store.load().progress.labs[lab.id])
        #expect(saved.score == 5 && saved.source == .student && saved.choiceSeed == "lab-guide-tests-7")
    }

    @Test func progressFromAnAnswersFileIsMarkedAndNeverCounts() throws {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/clocks/lamport-vs-vector.yaml").path
        let data = try BuiltBinary.temporaryDirectory()
        let r = try play(["lab", "play", path, "--answers", LabLibrary.answersPath(for: path), "--save-progress"], data: data)
        #expect(r.status == 0 && r.stdout.hasSuffix("score=5/5\n"), "\(r.stderr)")
        #expect(r.stderr.contains("answers-file"), "the student is told it does not count")
        let csv = try play(["progress", "--export", "csv"], data: data)
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(rows.first == ProgressExport.csvHeader)
        let labRow = try #require(rows.dropFirst().first)
        #expect(labRow.contains(",,,0,5,") && labRow.hasSuffix(",true,13,answers-file,lab,"), "score 0 of 5, marked: \(labRow)")
        #expect(rows.dropFirst().allSatisfy { $0.hasSuffix("answers-file,lab,") })
        let json = try play(["progress", "--export", "json"], data: data)
        let export = try JSONDecoder().decode(ProgressExport.self, from: Data(json.stdout.utf8))
        #expect(export.labs.first?.source == .answersFile && export.labs.first?.score == 0)
    }

    /// Who (asked once with --student), when (each question's times; their
    /// value is the wall clock's and not tested), attempts, and steps from 1.
    @Test func theExportShowsWhoWhenFirstAttemptAndAttempts() throws {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/clocks/lamport-vs-vector.yaml").path
        let lab = try load(path)
        let data = try BuiltBinary.temporaryDirectory()
        let store = ProgressStore(directory: data.appendingPathComponent("clusterlab"))
        try store.save(StudentProgress(id: "lab-guide-tests-3"))  // the author's order for the first question
        #expect(try play(["progress", "--student", "s-042"], data: data).status == 0)
        // First play: a wrong first answer, then stop; second play: the right one.
        _ = try play(["lab", "play", lab.id, "--save-progress"], stdin: "a\n", data: data)
        _ = try play(["lab", "play", lab.id, "--save-progress"], stdin: "b\n", data: data)
        let r = try play(["progress", "--export", "json"], data: data)
        #expect(r.status == 0, "\(r.stderr)")
        let export = try JSONDecoder().decode(ProgressExport.self, from: Data(r.stdout.utf8))
        #expect(export.student == "s-042")
        let row = try #require(export.labs.first)
        let q = try #require(row.questions.first { $0.id == "lamport-order" })
        #expect(q.step == lab.index(of: "lamport-order")! + 1, "steps count from 1, as the screen shows them")
        #expect(q.attempts == 2 && q.score == 0 && q.firstAnswer == "a", "the first answer counts")
        #expect(q.firstAnswered != nil && q.lastAnswered != nil)
        #expect(row.position == q.step + 1, "the student is at the step after the one answered")
        let csv = try play(["progress"], data: data)
        #expect(csv.stdout.contains("\"s-042\",\"clocks-lamport-vs-vector\""), "\(csv.stdout)")
    }

    @Test func progressThatCannotBeUsedStopsEveryCommandWithExit2() throws {
        let data = try BuiltBinary.temporaryDirectory()
        let dir = data.appendingPathComponent("clusterlab")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let newer = Data(#"{"version": 999, "id": "x", "labs": {}}"#.utf8)
        try newer.write(to: dir.appendingPathComponent("progress.json"))
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/clocks/lamport-vs-vector.yaml").path
        for args in [["progress"], ["labs"], ["lab", "play", path, "--answers", LabLibrary.answersPath(for: path), "--save-progress"]] {
            let r = try play(args, data: data)
            #expect(r.status == 2 && r.stderr.contains("newer") && r.stderr.contains("progress.json"), "\(args): \(r.status) \(r.stderr)")
        }
        #expect(FileManager.default.contents(atPath: dir.appendingPathComponent("progress.json").path) == newer)
    }

    /// Unreadable even for root: a folder where progress.json should be.
    @Test func unreadableProgressStopsTheCommandsWithExit2() throws {
        let data = try BuiltBinary.temporaryDirectory()
        let file = data.appendingPathComponent("clusterlab/progress.json")
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        for args in [["progress"], ["labs"], ["lab", "play", "clocks-lamport-vs-vector", "--save-progress"]] {
            let r = try play(args, data: data)
            #expect(r.status == 2 && r.stderr.contains(file.path) && r.stderr.contains("cannot read"), "\(args): \(r.status) \(r.stderr)")
        }
    }
}

/// Each student sees choices in their own order (stable for them), graded
/// in the author's letters, in labs and quizzes alike.
@Suite struct ChoiceOrderTests {
    @Test func anOrderIsAPermutationStableForOneStudentAndDifferentAcrossStudents() {
        let ids = (0..<200).map { "student-\($0)" }
        var firstShown = Set<Int>()
        for id in ids {
            let order = ChoiceOrder(count: 4, seed: id, question: "lab/q")
            #expect(order.shown.sorted() == [0, 1, 2, 3])
            #expect(order == ChoiceOrder(count: 4, seed: id, question: "lab/q"), "the same student sees the same order")
            firstShown.insert(order.shown[0])
        }
        #expect(firstShown == [0, 1, 2, 3], "over many students each choice is shown first")
        #expect(ChoiceOrder(count: 4, seed: nil, question: "lab/q").shown == [0, 1, 2, 3], "no seed: the author's order")
        let order = ChoiceOrder(count: 4, seed: "student-1", question: "lab/q")
        for k in 0..<4 {
            #expect(order.shownResponse(order.authorResponse(.choices([k]))!) == .choices([k]), "mapping back and forth")
        }
        #expect(order.authorResponse(.choices([4])) == nil, "a letter past the last choice")
    }

    /// The reference quiz answers (the author's letters), typed as a student
    /// whose progress id shuffles the choices sees them, score full.
    @Test func theQuizShowsTheStudentsOrderAndGradesTheAuthors() throws {
        let root = BuiltBinary.packageRoot
        let bankPath = root.appendingPathComponent("Courseware/quizzes/clocks.yaml").path
        let bank = try QuizBank.load(SourceText(name: bankPath, text: String(contentsOfFile: bankPath, encoding: .utf8)))
        let reference = try String(contentsOfFile: root.appendingPathComponent("Instructors/quizzes/clocks.answers.txt").path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let data = try BuiltBinary.temporaryDirectory()
        try ProgressStore(directory: data.appendingPathComponent("clusterlab")).save(StudentProgress(id: "quiz-student"))
        var typed: [String] = []
        var shuffled = false
        for (n, item) in bank.draw(1000, seed: 1).enumerated() {
            let answer = n < reference.count ? reference[n] : ""
            guard case .choice(let options, _) = item.question.answer, let author = LabResponse.choiceLetters(answer) else {
                typed.append(answer); continue
            }
            let order = ChoiceOrder(count: options.count, seed: "quiz-student", question: "quiz/\(bank.topic)/\(item.id)")
            shuffled = shuffled || order.shown != Array(options.indices)
            typed.append(order.shownResponse(.choices(author)).description)
        }
        #expect(shuffled, "this id shuffles at least one question")
        let r = try LabPlayGradingTests().play(["quiz", "clocks", "--count", "1000", "--seed", "1"],
                                               stdin: typed.joined(separator: "\n") + "\n", data: data)
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        let full = "score=\(bank.items.reduce(0) { $0 + $1.question.points })/\(bank.items.reduce(0) { $0 + $1.question.points })"
        #expect(last == full, "\(r.stdout)\n\(r.stderr)")
    }
}
