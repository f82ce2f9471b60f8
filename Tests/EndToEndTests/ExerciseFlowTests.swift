import ExerciseKit
import Foundation
import Testing
import TestSupport

/// A new student's path through the exercises, with the real binary and a
/// real build of the exercises package (a copy of Labs/Exercises, so the
/// checkout's starter code is never touched): list, start, check the
/// starter (every test "not implemented yet"), a compile error shown with
/// file:line while everything else keeps working, a reference solution
/// copied in passes, hints one at a time, and the progress export.
///
/// The copy lives in .build/exercises-e2e and keeps its own .build between
/// runs; the first build compiles ClusterLab's libraries for it (minutes).
@Suite(.serialized) struct ExerciseFlowTests {
    static let root = BuiltBinary.packageRoot

    /// The prepared copy, built once for every test of the suite.
    static let workspace: Result<Workspace, Error> = Result { try Workspace.prepare() }

    struct Problem: Error, CustomStringConvertible { var description: String }

    struct Workspace {
        let folder: URL      // the copy of Labs/Exercises
        let data: URL        // the student's progress folder

        static func prepare() throws -> Workspace {
            let base = ExerciseFlowTests.root.appendingPathComponent(".build/exercises-e2e")
            let folder = base.appendingPathComponent("Exercises")
            let fm = FileManager.default
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            // Fresh sources every run; the copy's own .build stays, so later runs build in seconds.
            for item in try fm.contentsOfDirectory(atPath: folder.path) where item != ".build" {
                try fm.removeItem(at: folder.appendingPathComponent(item))
            }
            let shipped = ExerciseFlowTests.root.appendingPathComponent("Labs/Exercises")
            for item in try fm.contentsOfDirectory(atPath: shipped.path) where !item.hasPrefix(".") && item != "Package.resolved" {
                try fm.copyItem(at: shipped.appendingPathComponent(item), to: folder.appendingPathComponent(item))
            }
            let data = base.appendingPathComponent("data-\(getpid())")
            try? fm.removeItem(at: data)
            try fm.createDirectory(at: data, withIntermediateDirectories: true)
            let w = Workspace(folder: folder, data: data)
            // Every exercise's runner at once: proves each starter compiles as shipped.
            let r = try Subprocess.run("swift", ["build", "--package-path", folder.path], environment: w.environment, limit: 1_800)
            guard r.status == 0 else {
                throw Problem(description: "the exercises package does not build as shipped:\n\(r.stdout.suffix(4_000))\n\(r.stderr.suffix(2_000))")
            }
            return w
        }

        var environment: [String: String] {
            var env = ProcessInfo.processInfo.environment
            env.removeValue(forKey: "TMUX")
            env["CLUSTERLAB_ROOT"] = ExerciseFlowTests.root.path
            env["CLUSTERLAB_EXERCISES"] = folder.path
            env["XDG_DATA_HOME"] = data.path
            return env
        }

        func clusterlab(_ args: [String], limit: Double = 600) throws -> Subprocess.Result {
            guard let bin = BuiltBinary.clusterlab else { throw Problem(description: "clusterlab not built") }
            return try Subprocess.run(bin.path, args, environment: environment, limit: limit)
        }

        /// Copies the reference solution of `e` over the student's files.
        func copyReference(_ e: ExerciseInfo) throws {
            let reference = ExerciseFlowTests.root.appendingPathComponent("Instructors/exercises/\(e.folder)")
            for f in try FileManager.default.contentsOfDirectory(atPath: reference.path) where f.hasSuffix(".swift") {
                let target = folder.appendingPathComponent("\(e.folder)/\(f)")
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: reference.appendingPathComponent(f), to: target)
            }
        }
    }

    @Test func theStarterCodeOfEveryExerciseFailsEveryTestAsNotImplementedYet() throws {
        let w = try Self.workspace.get()
        #expect(!ExerciseCatalog.all.isEmpty)
        let list = try w.clusterlab(["exercise", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        for e in ExerciseCatalog.all {
            #expect(list.stdout.contains(e.id) && list.stdout.contains("0/\(e.maxPoints) pts"), "\(e.id) in: \(list.stdout)")
            let start = try w.clusterlab(["exercise", "start", e.id])
            #expect(start.status == 0 && start.stdout.contains("\(e.folder)/\(e.files[0])"), "\(start.stdout)")
            let check = try w.clusterlab(["exercise", "check", e.id, "--seeds", "2"])
            #expect(check.status == 1, "\(e.id): exit \(check.status)\n\(check.stdout)\n\(check.stderr)")
            #expect(check.stdout.contains("0/\(e.maxPoints) points"), "\(e.id):\n\(check.stdout)")
            for t in e.tests {
                #expect(Self.line(of: t.name, in: check.stdout)?.contains("not implemented yet") == true,
                        "\(e.id)/\(t.name) is not reported as not implemented yet:\n\(check.stdout)")
            }
        }
    }

    @Test func aCompileErrorIsShownWithItsLineAndBreaksNothingElse() throws {
        let w = try Self.workspace.get()
        guard let e = ExerciseCatalog.all.first, let other = ExerciseCatalog.all.first(where: { $0.folder != e.folder }) else {
            print("ExerciseFlowTests: needs two exercises in different folders; skipped"); return
        }
        let file = w.folder.appendingPathComponent("\(e.folder)/\(e.files[0])")
        let original = try String(contentsOf: file, encoding: .utf8)
        defer { try? original.write(to: file, atomically: true, encoding: .utf8) }
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).count
        try (original + "\nlet brokenOnPurpose: Int = \"not a number\"\n").write(to: file, atomically: true, encoding: .utf8)
        let check = try w.clusterlab(["exercise", "check", e.id, "--seeds", "1"])
        #expect(check.status == 2)
        #expect(check.stdout.contains("\(e.folder)/\(e.files[0]):\(lines + 1):") && check.stdout.contains("error:"),
                "the error names the file and line:\n\(check.stdout)")
        #expect(check.stdout.contains("does not compile"))
        // Another exercise still builds and checks; the rest of ClusterLab still runs.
        let second = try w.clusterlab(["exercise", "check", other.id, "--seeds", "1"])
        #expect(second.status == 1 && second.stdout.contains("not implemented yet"), "\(second.stdout)\n\(second.stderr)")
        let labs = try w.clusterlab(["labs"])
        #expect(labs.status == 0)
    }

    @Test func everyReferenceSolutionCopiedInPassesAndHintsAreRecorded() throws {
        let w = try Self.workspace.get()
        defer { // put the starter back for the other tests
            for e in ExerciseCatalog.all {
                let shipped = Self.root.appendingPathComponent("Labs/Exercises/\(e.folder)")
                for f in (try? FileManager.default.contentsOfDirectory(atPath: shipped.path)) ?? [] where f.hasSuffix(".swift") {
                    let target = w.folder.appendingPathComponent("\(e.folder)/\(f)")
                    try? FileManager.default.removeItem(at: target)
                    try? FileManager.default.copyItem(at: shipped.appendingPathComponent(f), to: target)
                }
            }
        }
        for e in ExerciseCatalog.all {
            try w.copyReference(e)
            let check = try w.clusterlab(["exercise", "check", e.id, "--seeds", "3"])
            #expect(check.status == 0, "\(e.id): reference solution copied in fails:\n\(check.stdout)\n\(check.stderr)")
            #expect(check.stdout.contains("\(e.maxPoints)/\(e.maxPoints) points"), "\(check.stdout)")
            #expect(check.stdout.contains("not graded"), "a 3-seed check is not graded")
        }
        let e = ExerciseCatalog.all[0]
        let first = try w.clusterlab(["exercise", "hint", e.id])
        #expect(first.status == 0 && first.stdout.hasPrefix("hint 1 of \(e.hints.count): \(e.hints[0])"), "\(first.stdout)")
        let second = try w.clusterlab(["exercise", "hint", e.id])
        #expect(second.stdout.hasPrefix("hint 2 of \(e.hints.count): \(e.hints[1])"), "\(second.stdout)")
        let export = try w.clusterlab(["progress", "--export", "csv"])
        let row = export.stdout.split(separator: "\n").first { $0.contains("\"\(e.id)\"") && $0.contains(",exercise,") }
        #expect(row?.hasSuffix(",exercise,2") == true, "the export counts the hints taken: \(export.stdout)")
    }

    @Test func debugOpensTheFailingStepInTheInterfaceAndWatchChecksAgainOnSave() throws {
        let w = try Self.workspace.get()
        let e = try #require(ExerciseCatalog.all.first)
        let test = e.tests[0]
        let env = ["CLUSTERLAB_ROOT", "CLUSTERLAB_EXERCISES", "XDG_DATA_HOME"].map { "\($0)='\(w.environment[$0]!)'" }.joined(separator: " ")
        let bin = try Tmux.binary()

        let debug = try Tmux.start(command: "env \(env) \(bin) exercise debug \(e.id) --test \(test.name) --seed 1", width: 120, height: 40)
        defer { debug.kill() }
        try debug.waitFor({ $0.contains("✗ \(test.name), seed 1: not implemented yet") }, what: "the failure in the status bar", tries: 600)
        let step = try Tmux.step(in: debug.screen())
        debug.send("b")
        try debug.waitFor({ (try? Tmux.step(in: $0)) == step - 1 }, what: "one step back from \(step)")
        debug.send("q")
        try debug.waitFor("EXITED=0")

        let watch = try Tmux.start(command: "env \(env) \(bin) exercise watch \(e.id) --seeds 1 --max-checks 2", width: 120, height: 40)
        defer { watch.kill() }
        try watch.waitFor({ $0.contains("watching") }, what: "the first check and the watch", tries: 3_000)
        let file = w.folder.appendingPathComponent("\(e.folder)/\(e.files[0])")
        let original = try String(contentsOf: file, encoding: .utf8)
        defer { try? original.write(to: file, atomically: true, encoding: .utf8) }
        try (original + "\n// saved again\n").write(to: file, atomically: true, encoding: .utf8)
        try watch.waitFor({ $0.contains("EXITED=") }, what: "a second check after the save", tries: 3_000)
        // The whole session, scrolled-off lines included: two checks, the second after the save.
        let session = watch.tmux(["capture-pane", "-p", "-S", "-500", "-t", watch.name]).output
        #expect(session.contains("a file changed: checking again") && session.contains("EXITED=1"), "\(session)")
        #expect(session.components(separatedBy: "0/\(e.maxPoints) points").count - 1 == 2, "two checks:\n\(session)")
    }

    /// The report's line for a test (`· name  0/10 pts  not implemented yet`).
    static func line(of test: String, in report: String) -> String? {
        report.split(separator: "\n").map(String.init).first { $0.hasPrefix("  ") && $0.dropFirst(4).hasPrefix(test + " ") }
    }
}
