import ArgumentParser
import ClusterSim
import ExerciseKit
import Foundation
import LabKit

/// `clusterlab exercise …`: students write protocols, ClusterLab checks them.
struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "Implement a protocol yourself; ClusterLab builds, checks, model-checks and debugs it.",
        discussion: """
            Exercises live in Labs/Exercises (their own Swift package: a compile error there never \
            breaks the rest of ClusterLab). Start with `clusterlab exercise list`.
            """,
        subcommands: [ExerciseList.self, ExerciseStart.self, ExerciseCheckRun.self, ExerciseDebug.self,
                      ExerciseWatch.self, ExerciseHint.self])

    /// The catalog entry, or a usage error listing the ids.
    static func exercise(_ id: String) throws -> ExerciseInfo {
        guard let e = ExerciseCatalog.info(id) else {
            throw ValidationError("unknown exercise '\(id)'; exercises: \(ExerciseCatalog.all.map(\.id).joined(separator: ", "))")
        }
        return e
    }

    /// The student's progress, or exit 2 with what is wrong with the file
    /// (a file that could not be read is never used as if empty).
    static func progress(_ store: ProgressStore) throws -> StudentProgress {
        switch store.load() {
        case .loaded(let p), .fresh(let p): return p
        case .recovered(_, let kept, let problem):
            printError("your progress file could not be read (\(problem)); it was kept at \(kept.path)")
            throw Exit.badInput
        case .unusable(let problem):
            printError("\(problem)")
            throw Exit.badInput
        }
    }
}

struct ExerciseList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Exercises by topic, with your points and progress.")

    func run() throws {
        let progress = try ExerciseCommand.progress(.forCurrentUser())
        let width = ExerciseCatalog.all.map(\.id.count).max() ?? 0
        var topic = ""
        for e in ExerciseCatalog.all {
            if e.topic != topic { topic = e.topic; print("\n\(topic)") }
            let r = progress.exercises[e.id]
            let status: String
            if let r, r.completed { status = "done" }
            else if let latest = r?.latest { status = "checked: \(latest.earned)/\(e.maxPoints) on \(latest.seedText)" }
            else { status = "not started" }
            let points = "\(r?.score ?? 0)/\(e.maxPoints) pts"
            let hints = (r?.hints.count ?? 0) > 0 ? " · \(r!.hints.count) hint\(r!.hints.count == 1 ? "" : "s")" : ""
            print("  \(e.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(points.padding(toLength: 12, withPad: " ", startingAt: 0))  \(e.title) — \(status)\(hints)")
        }
        let total = ExerciseCatalog.all.reduce(0) { $0 + $1.maxPoints }
        let earned = ExerciseCatalog.all.reduce(0) { $0 + (progress.exercises[$1.id]?.score ?? 0) }
        print("\n\(earned)/\(total) points (graded checks: every test on seeds 1–\(ExerciseCheck.standardSeeds)). Next: clusterlab exercise start ID")
    }
}

struct ExerciseStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Where an exercise's starter code is and what to read first.")
    @Argument(help: "The exercise id (see `exercise list`).") var id: String

    func validate() throws { _ = try ExerciseCommand.exercise(id) }

    func run() throws {
        let e = try ExerciseCommand.exercise(id)
        let ws = ExerciseWorkspace.locate()
        let folder = ws.folder(of: e)
        print("\(e.title) (\(e.id)) — \(e.maxPoints) points\n")
        print(e.summary + "\n")
        print("Your files:")
        for f in e.files { print("  \(ws.shown(folder.appendingPathComponent(f)))") }
        print("\nRead first:")
        for r in e.readFirst { print("  \(r)") }
        print("\nThe tests:")
        let width = e.tests.map(\.name.count).max() ?? 0
        for t in e.tests {
            print("  \(t.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(t.points) pts  \(t.summary)\(t.kind == .search ? " (model-checked)" : "")")
        }
        print("""

            Edit the TODOs, then:
              clusterlab exercise check \(e.id)      build and run the graded suite (50 seeds a test)
              clusterlab exercise watch \(e.id)      check again on every save
              clusterlab exercise hint \(e.id)       the next hint (recorded in your progress)
            The first check builds ClusterLab's libraries for the exercises package (a few minutes); later ones take seconds.
            """)
    }
}

/// Options `check` and `watch` share.
struct CheckOptions: ParsableArguments {
    @Option(help: "Seeds per test (graded checks use 50).") var seeds: Int = ExerciseCheck.standardSeeds
    @Option(help: "Run one seed only (not graded).") var seed: UInt64?
    @Option(name: .customLong("test"), help: "Run only this test (repeatable; not graded).") var tests: [String] = []
    @Flag(help: "Build optimised (slower to build, faster suites).") var release = false

    func validate() throws {
        guard (1...10_000).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 10000") }
    }
}

/// Builds an exercise, runs its suite, prints the report and records it.
enum ExerciseCheck {
    static let standardSeeds = 50

    /// The runner's exit status: 0 every test passes, 1 some fail, 2 the build or the run failed.
    static func run(_ e: ExerciseInfo, _ options: CheckOptions) throws -> Int32 {
        let ws = ExerciseWorkspace.locate()
        if let unknown = options.tests.first(where: { t in !e.tests.contains { $0.name == t } }) {
            printError("\(e.id) has no test '\(unknown)'; tests: \(e.tests.map(\.name).joined(separator: ", "))")
            return 2
        }
        FileHandle.standardError.write(Data("building \(e.id)…\n".utf8))
        let binary: String
        let buildSeconds: Double
        switch try ws.build(e, release: options.release) {
        case .failed(let errors):
            print(TerminalText.inert(errors, keepingLayout: true))
            print("\n\(e.id) does not compile: fix the errors above and check again. (The rest of ClusterLab still works.)")
            return 2
        case .built(let b, let s): (binary, buildSeconds) = (b, s)
        }
        let resultFile = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-result-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: resultFile) }
        var args = ["check", "--result-file", resultFile]
        if let seed = options.seed { args += ["--seed", String(seed)] } else { args += ["--seeds", String(options.seeds)] }
        for t in options.tests { args += ["--test", t] }
        let started = Date()
        let status = try Spawn.run(binary, args)
        let checkSeconds = Date().timeIntervalSince(started)
        guard status == 0 || status == 1,
              let data = FileManager.default.contents(atPath: resultFile),
              let result = try? JSONDecoder().decode(SuiteResult.self, from: data) else {
            let how = status > 128 ? "was stopped by signal \(status - 128) (a trap in the exercise's code: the message above says where)" : "exited \(status)"
            printError("the check of \(e.id) \(how); run one test on one seed to find it: clusterlab exercise check \(e.id) --test NAME --seed 1")
            return 2
        }
        let graded = options.seed == nil && options.tests.isEmpty && result.firstSeed == 1 && result.seedCount >= standardSeeds
        try record(e, result, graded: graded)
        print(String(format: "built in %.1f s, checked in %.1f s · ", buildSeconds, checkSeconds)
              + (graded ? "saved in your progress: \(result.earned)/\(result.maxPoints) points" : "not graded (graded checks run every test on seeds 1–\(standardSeeds)); saved as your latest check"))
        return status
    }

    static func record(_ e: ExerciseInfo, _ result: SuiteResult, graded: Bool) throws {
        let check = ExerciseRecord.Check(at: Date().timeIntervalSince1970, firstSeed: result.firstSeed, seedCount: result.seedCount,
                                         tests: Dictionary(result.tests.map { ($0.name, $0.earned) }, uniquingKeysWith: max),
                                         graded: graded)
        do {
            try ProgressStore.forCurrentUser().update { p in
                var r = p.exercises[e.id] ?? ExerciseRecord(title: e.title, topic: e.topic, maxPoints: e.maxPoints)
                r.maxPoints = e.maxPoints
                r.record(check)
                p.exercises[e.id] = r
            }
        } catch {
            printError("the check ran but could not be saved in your progress: \(error)")
            throw Exit.badInput
        }
    }
}



struct ExerciseCheckRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Build your code and run the exercise's graded suite.",
        discussion: "Exit 0 when every test passes on every seed, 1 when some fail, 2 when it does not compile or crashes.")
    @Argument(help: "The exercise id.") var id: String
    @OptionGroup var options: CheckOptions

    func validate() throws { _ = try ExerciseCommand.exercise(id) }

    func run() throws {
        let status = try ExerciseCheck.run(try ExerciseCommand.exercise(id), options)
        if status != 0 { throw ExitCode(status) }
    }
}

struct ExerciseDebug: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug", abstract: "Open a test's run on your code in the interface, at the step where it fails.")
    @Argument(help: "The exercise id.") var id: String
    @Option(help: "The test.") var test: String
    @Option(help: "The seed (a check's report names the failing one).") var seed: UInt64 = 1
    @Option(help: "Open at this step instead of the failing one.") var step: Int64?
    @Option(help: "Colours: default, projector or mono.") var theme: ThemeChoice = .standard
    @Flag(help: "Build optimised.") var release = false

    func validate() throws {
        let e = try ExerciseCommand.exercise(id)
        guard e.tests.contains(where: { $0.name == test }) else {
            throw ValidationError("\(id) has no test '\(test)'; tests: \(e.tests.map(\.name).joined(separator: ", "))")
        }
        if let step, step < 0 { throw ValidationError("--step must be 0 or more") }
    }

    func run() throws {
        let e = try ExerciseCommand.exercise(id)
        FileHandle.standardError.write(Data("building \(e.id)…\n".utf8))
        switch try ExerciseWorkspace.locate().build(e, release: release) {
        case .failed(let errors):
            print(TerminalText.inert(errors, keepingLayout: true))
            print("\n\(e.id) does not compile: fix the errors above first.")
            throw Exit.badInput
        case .built(let binary, _):
            var args = ["debug", "--test", test, "--seed", String(seed), "--theme", theme.rawValue]
            if let step { args += ["--step", String(step)] }
            let status = try Spawn.run(binary, args)
            if status != 0 { throw ExitCode(status) }
        }
    }
}

struct ExerciseWatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Check an exercise again every time you save one of its files (Ctrl-C stops).")
    @Argument(help: "The exercise id.") var id: String
    @OptionGroup var options: CheckOptions
    @Option(help: .hidden) var maxChecks: Int?

    func validate() throws { _ = try ExerciseCommand.exercise(id) }

    func run() throws {
        let e = try ExerciseCommand.exercise(id)
        let ws = ExerciseWorkspace.locate()
        var checks = 0
        var last = ws.fingerprint(e)
        while true {
            let status = try ExerciseCheck.run(e, options)
            checks += 1
            if let maxChecks, checks >= maxChecks {
                if status != 0 { throw ExitCode(status) }
                return
            }
            print("\nwatching \(ws.shown(ws.folder(of: e))) — save a file to check again (Ctrl-C stops)")
            fflush(nil)
            while true {
                usleep(300_000)
                let now = ws.fingerprint(e)
                if now != last { last = now; break }
            }
            print("\n— a file changed: checking again —")
        }
    }
}

struct ExerciseHint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hint", abstract: "The next hint for an exercise, one at a time (recorded in your progress).")
    @Argument(help: "The exercise id.") var id: String
    @Flag(help: "Show the hints already revealed, without revealing another.") var again = false

    func validate() throws { _ = try ExerciseCommand.exercise(id) }

    func run() throws {
        let e = try ExerciseCommand.exercise(id)
        let store = ProgressStore.forCurrentUser()
        let shown = try ExerciseCommand.progress(store).exercises[e.id]?.hints.count ?? 0
        if again || shown >= e.hints.count {
            if shown == 0 { print("No hint revealed yet: clusterlab exercise hint \(e.id)"); return }
            for (i, h) in e.hints.prefix(shown).enumerated() { print("hint \(i + 1) of \(e.hints.count): \(h)\n") }
            if shown >= e.hints.count && !again { print("That was the last hint.") }
            return
        }
        do {
            try store.update { p in
                var r = p.exercises[e.id] ?? ExerciseRecord(title: e.title, topic: e.topic, maxPoints: e.maxPoints)
                r.hints.append(Date().timeIntervalSince1970)
                p.exercises[e.id] = r
            }
        } catch {
            printError("could not record the hint in your progress: \(error)")
            throw Exit.badInput
        }
        print("hint \(shown + 1) of \(e.hints.count): \(e.hints[shown])")
        if shown + 1 < e.hints.count { print("\n(run it again for the next; --again shows these again)") }
    }
}
