import ClusterSim
import ExerciseKit
import Foundation
import TerminalUI

/// The entry point of each exercise's executable in the exercises package
/// (`exercise-raft-election`): what `clusterlab exercise check` and `debug`
/// run after building the student's code. One executable per exercise, so a
/// compile error in one exercise never stops another from being checked.
///
///     exercise-ID check [--seeds N] [--first-seed S] [--seed S] [--test NAME]… [--jobs N] [--result-file PATH]
///     exercise-ID debug --test NAME [--seed S] [--step N] [--theme default|projector|mono]
///     exercise-ID tests            the suite's tests, one `name points kind` a line
public enum ExerciseMain {
    public static func run<Node>(_ suite: ExerciseSuite<Node>, arguments: [String] = Array(CommandLine.arguments.dropFirst())) -> Never {
        do {
            var args = RunnerArguments(arguments)
            let command = args.command
            switch command {
            case "check": exit(try check(suite, &args))
            case "debug": exit(try debug(suite, &args))
            case "tests":
                for t in suite.tests { print("\(t.name) \(t.points) \(t.info.kind.rawValue)") }
                exit(0)
            default:
                throw RunnerArguments.Problem("unknown command '\(command)': expected check, debug or tests")
            }
        } catch let p as RunnerArguments.Problem {
            FileHandle.standardError.write(Data("error: \(p.text)\n".utf8))
            exit(2)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(2)
        }
    }

    static func seeds(_ args: inout RunnerArguments) throws -> [UInt64] {
        if let one = try args.number("--seed") { return [one] }
        let count = try args.number("--seeds") ?? 50
        let first = try args.number("--first-seed") ?? 1
        guard (1...10_000).contains(count) else { throw RunnerArguments.Problem("--seeds must be from 1 to 10000") }
        return (0..<count).map { first &+ $0 }
    }

    static func check<Node>(_ suite: ExerciseSuite<Node>, _ args: inout RunnerArguments) throws -> Int32 {
        let seeds = try seeds(&args)
        let only = Set(args.all("--test"))
        let resultFile = args.value("--result-file")
        let quiet = args.flag("--quiet")
        try args.finish()
        if let unknown = only.first(where: { name in !suite.tests.contains { $0.name == name } }) {
            throw RunnerArguments.Problem("\(suite.exercise.id) has no test '\(unknown)'; tests: \(suite.tests.map(\.name).joined(separator: ", "))")
        }
        let result = SuiteRunner.run(suite, seeds: seeds, only: only, progress: { t in
            if !quiet { FileHandle.standardError.write(Data("  \(t.passed ? "✓" : "✗") \(t.name)\n".utf8)) }
        })
        print(SuiteReport.text(result, title: suite.exercise.title), terminator: "")
        if let resultFile {
            let data = try JSONEncoder().encode(result)
            try data.write(to: URL(fileURLWithPath: resultFile), options: .atomic)
        }
        return result.passed ? 0 : 1
    }

    static func debug<Node>(_ suite: ExerciseSuite<Node>, _ args: inout RunnerArguments) throws -> Int32 {
        guard let name = args.value("--test") else {
            throw RunnerArguments.Problem("debug needs --test NAME; tests: \(suite.tests.map(\.name).joined(separator: ", "))")
        }
        let seed = try args.number("--seed") ?? 1
        let step = try args.number("--step").map { Int64($0) }
        let theme = args.value("--theme") ?? "default"
        try args.finish()
        guard let test = suite.tests.first(where: { $0.name == name }) else {
            throw RunnerArguments.Problem("\(suite.exercise.id) has no test '\(name)'; tests: \(suite.tests.map(\.name).joined(separator: ", "))")
        }
        guard ["default", "projector", "mono"].contains(theme) else {
            throw RunnerArguments.Problem("--theme must be default, projector or mono")
        }
        let (found, note) = DebugRun.make(test, seed: seed)
        guard let run = found else { print(note); return 0 }
        if let step { run.goTo(step: min(step, run.stepCount)) }
        var state = AppState()
        state.displayedTime = run.now.microseconds  // the header shows the failing moment, not 0
        state.message = StatusMessage(note, isError: note.hasPrefix("✗"))
        let backend = NcursesBackend(themeName: theme, environment: ProcessInfo.processInfo.environment)
        defer { backend.restore() }
        if !backend.supportsUnicode { state.glyphs = .ascii }
        AppLoop(run: run, backend: backend, state: state).runUntilQuit()
        return 0
    }
}

/// The failing run of a test, stopped where it failed, and the line the
/// interface's status bar shows about it.
public enum DebugRun {
    public static func make<Node>(_ test: ExerciseTest<Node>, seed: UInt64) -> (Simulation<Node>?, String) {
        switch test.body {
        case .seeded(let make, let drive):
            let (failure, sim) = SuiteRunner.runSeeded(make: make, drive: drive, seed: seed)
            guard let f = failure else { return (sim, "\(test.name), seed \(seed): passes; this is where it ends (b steps back)") }
            return (sim, "✗ \(test.name), seed \(seed): \(f) (step \(f.step); b steps back)")
        case .search(let search):
            let verdict = search()
            if let f = verdict.failure, let replay = verdict.replay {
                return (replay, "✗ \(test.name): \(f) after \(verdict.schedule.count) steps (b steps back)")
            }
            return (verdict.replay, "\(test.name): no violation in \(verdict.statesExplored) states; nothing to open")
        }
    }
}

/// The runner's own small argument reader: it takes only what
/// `clusterlab exercise` passes, and names anything else.
struct RunnerArguments {
    struct Problem: Error { var text: String; init(_ text: String) { self.text = text } }
    private var items: [String]
    let command: String

    init(_ arguments: [String]) {
        command = arguments.first ?? ""
        items = Array(arguments.dropFirst())
    }

    mutating func value(_ flag: String) -> String? {
        guard let i = items.firstIndex(of: flag), i + 1 < items.count else { return nil }
        let v = items[i + 1]
        items.removeSubrange(i...(i + 1))
        return v
    }

    mutating func all(_ flag: String) -> [String] {
        var out: [String] = []
        while let v = value(flag) { out.append(v) }
        return out
    }

    mutating func flag(_ flag: String) -> Bool {
        guard let i = items.firstIndex(of: flag) else { return false }
        items.remove(at: i)
        return true
    }

    mutating func number(_ flag: String) throws -> UInt64? {
        guard let v = value(flag) else { return nil }
        guard let n = UInt64(v) else { throw Problem("\(flag) \(v): expected a whole number") }
        return n
    }

    func finish() throws {
        if let extra = items.first { throw Problem("unexpected argument '\(extra)'") }
    }
}
