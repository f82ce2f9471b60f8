import ArgumentParser
import ClusterSim
import LabKit
import Foundation

struct QuizCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz",
        abstract: "Answer checked questions on a topic, drawn from its quiz bank.",
        discussion: """
            Questions come from Courseware/quizzes/TOPIC.yaml. Answer choices with letters (a, or a,c \
            for several), numbers with digits, text as text; an empty line skips. With --answers, \
            answers are read from a file instead (one per question, in order). Ends with score=<got>/<max>. \
            With --validate, the bank is checked instead of played: errors as file:line:column (exit 2), \
            and warnings, which do not fail, for a right choice at least 1.5 times as long as the longest \
            wrong one (the rule `lab validate` applies to labs).
            """)

    @Argument(help: "The topic (a file name in Courseware/quizzes/, without .yaml), or a bank's path ending in .yaml.") var topic: String
    @Flag(help: "Check the bank (errors and warnings) instead of asking its questions.") var validate = false
    @Option(help: "How many questions.") var count = 5
    @Option(help: "Seed for which questions and in what order.") var seed: UInt64 = 1
    @Option(help: "Read answers from this file, one per line, instead of the keyboard.") var answers: String?

    func run() throws {
        let dir = LabLibrary.defaultRoot().deletingLastPathComponent().appendingPathComponent("Courseware/quizzes")
        let path = topic.hasSuffix(".yaml") ? topic : dir.appendingPathComponent("\(topic).yaml").path
        guard FileManager.default.fileExists(atPath: path) else {
            let topics = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            printError("no quiz bank for '\(topic)'; topics: \(topics.isEmpty ? "none found in \(dir.path)" : topics.joined(separator: ", "))")
            throw Exit.badInput
        }
        let bank: QuizBank
        do { bank = try QuizBank.load(try readText(path)) }
        catch let e as SourceError { printError(e.description); throw Exit.badInput }
        if validate {
            reportValid(path, warnings: bank.warnings)
            return
        }
        var scripted: [String]? = nil
        if let answers { scripted = try readText(answers).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

        // A student at the keyboard sees the choices in their own order; an
        // answers file keeps the author's letters.
        let orderSeed = answers == nil ? try studentProgress(ProgressStore.forCurrentUser(), keepingNewID: true).id : nil

        var score = QuizScore()
        for (n, item) in bank.draw(count, seed: seed).enumerated() {
            let q = item.question
            var order = ChoiceOrder(authorsOrderOf: 0)
            print("\n\(n + 1). \(q.prompt.trimmingCharacters(in: .whitespacesAndNewlines))")
            if case .choice(let options, let multiple) = q.answer {
                order = ChoiceOrder(count: options.count, seed: orderSeed, question: "quiz/\(bank.topic)/\(item.id)")
                for (i, author) in order.shown.enumerated() { print("   \(choiceLetter(i))) \(options[author].text)") }
                if multiple { print("   (choose all that apply, e.g. a,c)") }
            }
            print("> ", terminator: "")
            let line: String?
            if scripted != nil { line = n < scripted!.count ? scripted![n] : nil; print(line ?? "") }
            else { line = readLine() }
            let typed = QuizInput.response(line ?? "", for: q)
            let verdict = LabGrading.grade(q, order.authorResponse(typed) ?? typed)
            score.add(verdict, of: q.points)
            print("   \(verdict.correct ? "✔" : "✘") \(verdict.message)")
        }
        print("\nscore=\(score.got)/\(score.max)")
    }
}

/// Turns a typed line into the kind of answer a question takes.
enum QuizInput {
    static func response(_ line: String, for q: Question) -> LabResponse {
        let t = line.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .unanswered }
        switch q.answer {
        case .choice: return choices(t)
        case .number: return Double(t).map(LabResponse.number) ?? .text(t)
        case .text: return .text(t)
        }
    }

    /// Letters (`b`, `a,c`, `a c`) as choice indices; anything else as text.
    static func choices(_ t: String) -> LabResponse {
        LabResponse.choiceLetters(t).map(LabResponse.choices) ?? .text(t)
    }
}
