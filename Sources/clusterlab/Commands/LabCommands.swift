import ArgumentParser
import ClusterSim
import LabKit
import Foundation

struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Open, validate and play labs (see Labs/README.md for the format).",
        subcommands: [LabOpen.self, LabValidate.self, LabPlay.self])
}

/// Reads a text file through `InputFile` (size limit, UTF-8) or exits 2 with a message that names it.
func readText(_ path: String) throws -> SourceText {
    do { return try InputFile.text(path) }
    catch { printError("\(error)"); throw Exit.badInput }
}

struct LabValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check lab files: YAML, keys, types, predicates, nodes, and steps that can't be reached.",
        discussion: """
            Prints every problem as file:line:column: message, with the line and a caret. Exit 2 if any. \
            Warnings (file:line:column: warning: …) do not fail: a right choice at least 1.5 times as \
            long as the longest wrong one (for a prediction: the choice that held at the lab's seed).
            """)

    @Argument(help: "Lab files.") var files: [String]
    @Option(help: ArgumentHelp("For labs that run real processes (protocol: maelstrom): the node program; default Labs/Maelstrom/broadcast.py.",
                               valueName: "PROGRAM")) var bin: String?

    func run() throws {
        MaelstromLabs.register(bin: bin)
        RealLabs.register()
        var failed = false
        for path in files {
            guard let source = try? readText(path) else { failed = true; continue }
            let (errors, warnings) = LabValidator.check(source)
            if errors.isEmpty {
                reportValid(path, warnings: warnings)
            } else {
                for w in warnings { printError(w.description) }
                failed = true
                for e in errors { printError(e.description) }
            }
        }
        if failed { throw Exit.badInput }
    }
}

/// Prints a checked file's warnings (never a failure) and its "ok" line.
func reportValid(_ path: String, warnings: [SourceError]) {
    for w in warnings { printError(w.description) }
    print("\(path): ok" + (warnings.isEmpty ? "" : " (\(warnings.count) warning\(warnings.count == 1 ? "" : "s"))"))
}

struct LabPlay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a lab without the interface: you answer each question on the terminal; ends with score=<got>/<max>.",
        discussion: """
            Questions are asked one at a time: answer choices with the letters shown, numbers with \
            digits; in a task type commands (`crash n1`), then `check` or `skip`. Nothing about a \
            question is shown before you answer it. When standard input ends, the play stops there. \
            Instructors and tests: --answers FILE plays a reference answers file \
            (Instructors/answers/TOPIC/NAME.answers.yaml); progress saved from it is marked \
            `answers-file` and never counts as the student's own.
            """)

    @Argument(help: "A lab id (from `clusterlab labs`) or a lab file.") var lab: String
    @Option(help: "Reference answers file (YAML) to play instead of asking; for instructors and tests.") var answers: String?
    @Option(help: "Seed (overrides the lab's).") var seed: UInt64?
    @Option(help: "Your student name or id, stored in your progress and shown in its export.") var student: String?
    @Flag(help: "Record the result in your progress (what `clusterlab progress --export` hands in).") var saveProgress = false
    @Option(help: ArgumentHelp("For labs that run your own node program (protocol: maelstrom): the program; default Labs/Maelstrom/broadcast.py.",
                               valueName: "PROGRAM")) var bin: String?
    @Option(help: ArgumentHelp("Play this simulator lab against a real cluster of the same size (as root): etcd, redis, haproxy or zookeeper; the lab's `real:` must name it.",
                               valueName: "SYSTEM")) var real: String?

    func run() throws {
        MaelstromLabs.register(bin: bin)
        RealLabs.register(progress: { printError($0) })
        let library = LabLibrary(root: LabLibrary.defaultRoot())
        guard let path = library.find(lab) else {
            printError("no lab '\(lab)': not a file, and no lab in \(library.root.path) has that id (try `clusterlab labs`)")
            throw Exit.badInput
        }
        var loadedLab: Lab
        let source = try readText(path)
        do { loadedLab = try LabLoader.load(source) }
        catch let e as SourceError { printError(e.description); throw Exit.badInput }
        if let real { loadedLab = try RealLabs.counterpart(of: loadedLab, on: real, library: library) }
        let store = ProgressStore.forCurrentUser()
        var who = student
        /// The lab's record before this play (nil: read it when saving): this play's attempts go after its.
        var before: StudentProgress.LabRecord??
        let outcome: LabPlayer.Outcome
        do {
            if let answers {
                let sheet: AnswerSheet
                do { sheet = try AnswerSheet.load(try readText(answers)) }
                catch let e as SourceError { printError(e.description); throw Exit.badInput }
                var reference = SheetRespondent(sheet)
                outcome = try LabPlayer.play(loadedLab, respondent: &reference, seed: seed, say: { print(TerminalText.inert($0, keepingLayout: true)) })
            } else {
                let progress = try studentProgress(store, keepingNewID: true)
                if saveProgress && who == nil && progress.student == nil && isatty(0) != 0, let given = askStudentID() {
                    who = given
                    try? store.update { $0.student = given }  // kept even if the play is stopped
                }
                let seedOfOrder = progress.labs[loadedLab.id]?.choiceSeed ?? progress.id
                var you = TerminalRespondent(choiceSeed: seedOfOrder)
                let earlier = progress.labs[loadedLab.id]
                before = .some(earlier)
                outcome = try LabPlayer.play(loadedLab, respondent: &you, seed: seed, say: { print(TerminalText.inert($0, keepingLayout: true)) }, answered: { record in
                    // Each answer is saved at once, so stopping half-way (C-c) loses nothing.
                    if saveProgress { try? store.update { $0.labs[loadedLab.id] = earlier.map { $0.followed(by: record) } ?? record } }
                })
            }
        } catch let e as SourceError { printError(e.description); throw Exit.badInput }
        if saveProgress || who != nil { try save(outcome.record, of: loadedLab, after: before, student: who, in: store) }
        if let stopped = outcome.processesStopped {
            // As `lab validate` reports it: where in the lab, the node, and its line. The run is broken: exit 2.
            let step = loadedLab.steps[stopped.step]
            printError(source.error(line: step.line, column: step.column, stopped.message).description)
            throw Exit.badInput
        }
        if !outcome.record.completed && answers == nil {
            printError("the input ended before the lab did: play it at a terminal, or in the interface (`clusterlab lab open \(loadedLab.id)`)")
            throw Exit.violation
        }
    }

    /// Adds this play to the student's progress: attempts already there stay
    /// first (the first answer counts); a play from an answers file is marked.
    func save(_ played: StudentProgress.LabRecord, of lab: Lab, after before: StudentProgress.LabRecord??,
              student: String?, in store: ProgressStore) throws {
        var record = played
        record.updated = Date().timeIntervalSince1970
        do {
            try store.update { progress in
                if let student { progress.student = student }
                guard saveProgress else { return }
                let earlier = before ?? progress.labs[lab.id]
                progress.labs[lab.id] = earlier.map { $0.followed(by: record) } ?? record
            }
        } catch let problem as ProgressStore.Problem {
            printError("\(problem)"); throw Exit.badInput
        } catch {
            printError("cannot save progress in \(store.file.path): \(error)"); throw Exit.badInput
        }
        if saveProgress && record.usedAnswersFile {
            printError("saved as played from an answers file (source: answers-file): it does not count as your own work")
        }
    }
}

/// Asks once, at the terminal, who the student is (kept in their progress
/// and shown in every export); nil if they give no answer.
func askStudentID() -> String? {
    print("Your name or student id, for your teacher's export (asked once; enter skips): ", terminator: "")
    fflush(nil)
    let given = readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
    return given.isEmpty ? nil : given
}

/// The student's progress for a command: a corrupt file is reported (and was
/// set aside); one that cannot be used stops the command with exit 2, so
/// nothing overwrites it. `keepingNewID` saves a fresh progress at once, so
/// the id that orders this student's choices stays the same next time.
func studentProgress(_ store: ProgressStore, keepingNewID: Bool = false) throws -> StudentProgress {
    switch store.load() {
    case .unusable(let problem):
        printError("\(problem)")
        throw Exit.badInput
    case .recovered(let p, let kept, let problem):
        printError("your progress file could not be read (\(problem)); it was kept at \(kept.path)")
        return p
    case .loaded(let p):
        return p
    case .fresh(let p):
        if keepingNewID { try? store.save(p) }
        return p
    }
}

struct LabsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "labs", abstract: "List the labs by topic, with your progress.")

    func run() throws {
        let library = LabLibrary(root: LabLibrary.defaultRoot())
        let progress = try studentProgress(ProgressStore.forCurrentUser())
        if library.entries.isEmpty { print("no labs found in \(library.root.path)"); return }
        var topic = ""
        // Ids are never cut (the id is what `lab open` takes); titles are, with an ellipsis.
        let idWidth = library.entries.map { TerminalText.inert($0.id).count }.max() ?? 0
        for e in library.entries {
            if e.topic != topic { topic = e.topic; print("\n\(TerminalText.inert(topic))") }
            let r = progress.labs[e.id]
            let status = r.map { ($0.completed ? "done \($0.score)/\($0.maxScore)" : "step \($0.position + 1), \($0.score)/\($0.maxScore)")
                + ($0.usedAnswersFile ? " (answers file)" : "") } ?? "not started"
            print("  " + LabListing.column(TerminalText.inert(e.id), idWidth) + " " + LabListing.column(TerminalText.inert(e.title), 44, cut: true)
                  + " \(e.minutes) min  \(status)")
        }
    }
}

/// Columns of `clusterlab labs`.
enum LabListing {
    /// `text` padded to `width` characters; longer text is kept whole, or with `cut` ends in an ellipsis.
    static func column(_ text: String, _ width: Int, cut: Bool = false) -> String {
        if text.count > width { return cut ? String(text.prefix(width - 1)) + "…" : text }
        return text + String(repeating: " ", count: width - text.count)
    }
}

struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Show or export your lab progress (what you hand in).",
        discussion: """
            One row per lab (first-attempt score, attempts, completed, the step you are at, counted \
            from 1 as the screen shows it), then one per question (first answer, attempts, when). \
            `source` is answers-file where a reference answers file was played: not your own work.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }
    @Option(help: "csv or json.") var export: Format = .csv
    @Option(help: "Your student name or id: stored once in your progress and shown in every export.") var student: String?

    func run() throws {
        let store = ProgressStore.forCurrentUser()
        // What a student hands in must be what they did: a file set aside is not exported as empty.
        var progress = try ExerciseCommand.progress(store)
        if let student {
            do { try store.update { $0.student = student } }
            catch { printError("\(error)"); throw Exit.badInput }
            progress.student = student
        }
        if progress.student == nil {
            printError("no student id in your progress: add it once with `clusterlab progress --student ID`")
        }
        let exported = ProgressExport(progress)
        switch export {
        case .csv: print(TerminalText.inert(exported.csv(), keepingLayout: true), terminator: "")
        case .json: print(try exported.json())
        }
    }
}
