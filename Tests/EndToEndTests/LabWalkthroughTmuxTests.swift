import Foundation
import ClusterSim
import LabKit
import Testing
import TestSupport

/// A student's whole lab at 80×24, in tmux, pressing only keys the screen
/// shows at that moment (the hint bar and the guide's footer): the tutorial
/// from its start to its finish screen, then on to the next lab it offers.
/// The answers come from the lab's reference sheet, as a student who knows
/// the material would type them: in the letters this student sees, since
/// every student gets their own order of choices.
@Suite(.serialized) struct LabWalkthroughTmuxTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The reference answers in lab order: a typed answer (with its step id), or a task (done here with the keys on screen).
    enum Answer { case typed(String, step: String), commands([String]) }

    static let student = "walkthrough-student"

    /// The letters `student` sees for the author's letters `answer` of a choice step (a number or a word stays as it is).
    static func shown(_ answer: String, step: String) throws -> String {
        let path = root.appendingPathComponent("Labs/examples/tutorial-lab.yaml").path
        let lab = try LabLoader.load(SourceText(name: path, text: String(contentsOfFile: path, encoding: .utf8)))
        guard let labStep = lab.steps.first(where: { $0.id == step }), labStep.choiceCount > 0 else { return answer }
        let order = ChoiceOrder(count: labStep.choiceCount, seed: student, question: "\(lab.id)/\(step)")
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return try answer.split(separator: ",").map { part -> String in
            let author = try #require(letters.firstIndex(of: Character(part.trimmingCharacters(in: .whitespaces))))
            return String(letters[try #require(order.position(ofAuthorIndex: author))])
        }.sorted().joined(separator: ",")
    }

    static func answers() throws -> [Answer] {
        let path = root.appendingPathComponent("Instructors/answers/examples/tutorial-lab.answers.yaml").path
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var out: [Answer] = []
        for line in lines.drop(while: { $0 != "answers:" }).dropFirst() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("    do: ["), let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") {
                let items = line[line.index(after: open)..<close].split(separator: ",")
                out.append(.commands(items.map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }))
            } else if line.hasPrefix("  "), !line.hasPrefix("   "), let colon = trimmed.firstIndex(of: ":") {
                let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { out.append(.typed(value, step: String(trimmed[..<colon]))) }
            }
        }
        return out
    }

    /// Sends a key only if the screen shows it with `label` right now.
    static func press(_ tmux: Tmux, _ key: String, shownAs label: String) throws {
        let screen = try tmux.screen()
        #expect(screen.contains(label), "'\(label)' is not on screen, so a student would not know to press \(key):\n\(screen)")
        tmux.send(key)
    }

    @Test func aStudentDoesTheTutorialAt80By24FromWhatTheScreenShows() throws {
        let answers = try Self.answers()
        #expect(answers.count == 6, "the tutorial's six questions and task")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-walk-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        let labs = Self.root.appendingPathComponent("Labs").path
        // A student whose progress id is known, so the test knows the order their choices come in.
        try ProgressStore(directory: data.appendingPathComponent("clusterlab")).save(StudentProgress(id: Self.student))
        let tmux = try Tmux.start(command: "cd \(Self.root.path) && XDG_DATA_HOME=\(data.path) CLUSTERLAB_LABS=\(labs) "
                                      + "\(try Tmux.binary()) lab open tutorial-gossip-partition", width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("] start")
        #expect(try tmux.screen().contains("t=0s"), "the lab opens at its start, nothing run")
        try Self.press(tmux, "]", shownAs: "] start")

        var done = 0
        while done < answers.count {
            try tmux.waitFor({ $0.contains("enter: answer") || $0.contains("enter: check · S: skip") }, what: "question \(done + 1)")
            let screen = try tmux.screen()
            #expect(!screen.contains("Question \(done) of") || done == 0, "numbering moves on")
            switch answers[done] {
            case .typed(let text, let step):
                try Self.press(tmux, "Enter", shownAs: "enter: answer")
                try tmux.waitFor("answer>")
                tmux.send("-l", try Self.shown(text, step: step))
                tmux.send("Enter")
            case .commands:
                // The task (isolate n5) through the partition editor, by the keys its hints show.
                #expect(!screen.contains("space play"), "a lab's hint bar leaves out keys that move time")
                try Self.press(tmux, "x", shownAs: "x partition")
                try tmux.waitFor("Partition editor")
                try Self.press(tmux, "Left", shownAs: "←→ node")
                try tmux.waitFor("▶ n5")
                try Self.press(tmux, "2", shownAs: "2 group 2")
                try Self.press(tmux, "Enter", shownAs: "enter apply")
                try tmux.waitFor("partition n1 n2 n3 n4 | n5")
                try Self.press(tmux, "Enter", shownAs: "enter: check")
            }
            try tmux.waitFor({ $0.contains("Correct") }, what: "answer \(done + 1) accepted")
            done += 1
            try tmux.waitFor({ $0.contains("] next step") || $0.contains("] see the result") }, what: "the way on")
            try Self.press(tmux, "]", shownAs: "] ")
        }

        try tmux.waitFor("enter: next lab")
        let finished = try tmux.screen()
        let r = try #require(finished.range(of: #"done, score (\d+)/(\d+)"#, options: .regularExpression), "\(finished)")
        let parts = finished[r].dropFirst("done, score ".count).split(separator: "/")
        #expect(parts.count == 2 && parts[0] == parts[1], "full marks: \(finished[r])")
        #expect(finished.contains("✓"), "the review marks the answers:\n\(finished)")
        try Self.press(tmux, "Enter", shownAs: "enter: next lab")
        try tmux.waitFor({ $0.contains("lab · raft") && $0.contains("Raft leader election") }, what: "the next lab")
        try tmux.waitFor("t=0s")  // from its start

        // q leaves the lab (asking first if it is part-way), then q on Home quits.
        try Self.press(tmux, "q", shownAs: "q quit")
        try tmux.waitFor({ $0.contains("EXITED=0") || $0.lowercased().contains("quit?") || $0.contains("│ home │") },
                         what: "quit, its confirmation or Home")
        if try tmux.screen().lowercased().contains("quit?") { tmux.send("y") }
        if try tmux.screen().contains("│ home │") { try Self.press(tmux, "q", shownAs: "q quit") }
        try tmux.waitFor("EXITED=0")
    }
}
