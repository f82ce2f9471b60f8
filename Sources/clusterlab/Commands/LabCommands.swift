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
        discussion: "Prints every problem as file:line:column: message, with the line and a caret. Exit 2 if any.")

    @Argument(help: "Lab files.") var files: [String]

    func run() throws {
        var failed = false
        for path in files {
            guard let source = try? readText(path) else { failed = true; continue }
            let errors = LabValidator.validate(source)
            if errors.isEmpty {
                print("\(path): ok")
            } else {
                failed = true
                for e in errors { printError(e.description) }
            }
        }
        if failed { throw Exit.badInput }
    }
}

struct LabPlay: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a lab without the interface, with answers from a file; prints every step and score=<got>/<max>.")

    @Argument(help: "A lab id (from `clusterlab labs`) or a lab file.") var lab: String
    @Option(help: "Answers file (YAML); the shipped labs have theirs beside them as NAME.answers.yaml.") var answers: String?
    @Option(help: "Seed (overrides the lab's).") var seed: UInt64?
    @Flag(help: "Record the result in your progress (what `clusterlab progress --export` hands in).") var saveProgress = false

    func run() throws {
        let library = LabLibrary(root: LabLibrary.defaultRoot())
        guard let path = library.find(lab) else {
            printError("no lab '\(lab)': not a file, and no lab in \(library.root.path) has that id (try `clusterlab labs`)")
            throw Exit.badInput
        }
        let loadedLab: Lab
        do { loadedLab = try LabLoader.load(try readText(path)) }
        catch let e as SourceError { printError(e.description); throw Exit.badInput }
        var sheet: AnswerSheet?
        if let answers {
            do { sheet = try AnswerSheet.load(try readText(answers)) }
            catch let e as SourceError { printError(e.description); throw Exit.badInput }
        }
        let outcome: LabPlayer.Outcome
        do { outcome = try LabPlayer.play(loadedLab, answers: sheet, seed: seed) }
        catch let e as SourceError { printError(e.description); throw Exit.badInput }
        for line in outcome.lines { print(line) }
        if saveProgress {
            let store = ProgressStore.forCurrentUser()
            let loaded = store.load()
            if case .recovered(_, let kept, let problem) = loaded {
                printError("your progress file could not be read (\(problem)); it was kept at \(kept.path)")
            }
            var progress = loaded.progress
            var record = outcome.record
            record.updated = Date().timeIntervalSince1970
            progress.labs[loadedLab.id] = record
            do { try store.save(progress) }
            catch { printError("cannot save progress in \(store.file.path): \(error)"); throw Exit.badInput }
        }
    }
}

struct LabsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "labs", abstract: "List the labs by topic, with your progress.")

    func run() throws {
        let library = LabLibrary(root: LabLibrary.defaultRoot())
        let store = ProgressStore.forCurrentUser()
        let loaded = store.load()
        if case .recovered(_, let kept, let problem) = loaded {
            printError("your progress file could not be read (\(problem)); it was kept at \(kept.path)")
        }
        let progress = loaded.progress
        if library.entries.isEmpty { print("no labs found in \(library.root.path)"); return }
        var topic = ""
        for e in library.entries {
            if e.topic != topic { topic = e.topic; print("\n\(topic)") }
            let r = progress.labs[e.id]
            let status = r.map { $0.completed ? "done \($0.score)/\($0.maxScore)" : "step \($0.position + 1), \($0.score)/\($0.maxScore)" } ?? "not started"
            print("  \(e.id.padding(toLength: 28, withPad: " ", startingAt: 0)) \(e.title.padding(toLength: 44, withPad: " ", startingAt: 0)) \(e.minutes) min  \(status)")
        }
    }
}

struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "progress", abstract: "Show or export your lab progress (what you hand in).")

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }
    @Option(help: "csv or json.") var export: Format = .csv

    func run() throws {
        let loaded = ProgressStore.forCurrentUser().load()
        if case .recovered(_, let kept, let problem) = loaded {
            printError("your progress file could not be read (\(problem)); it was kept at \(kept.path)")
            throw Exit.badInput
        }
        switch export {
        case .csv: print(loaded.progress.exportCSV(), terminator: "")
        case .json:
            let e = JSONEncoder(); e.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try e.encode(loaded.progress), as: UTF8.self))
        }
    }
}
