import Foundation
import Testing
import TestSupport

/// The helper every end-to-end test uses to run programs must not wait for
/// what a program leaves behind: CI once hung for 90 minutes on the tmux server.
@Suite struct SubprocessTests {
    @Test func returnsWhenTheChildExitsEvenIfItLeftADaemonRunning() throws {
        // The shell starts a long sleep in the background, prints its pid and exits.
        let r = try Subprocess.run("/bin/sh", ["-c", "sleep 300 & echo $!"])
        let daemon = try #require(pid_t(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)),
                                  "no pid in \(r.stdout.debugDescription)")
        defer { kill(daemon, SIGKILL) }
        #expect(r.status == 0)
        // Returned while the background process still runs: we waited for the child only.
        #expect(kill(daemon, 0) == 0)
    }

    @Test func theChildStartsWithNoSignalsBlocked() throws {
        // Test threads may block signals, and a child inherits the mask of the thread that
        // spawns it. (Asked directly: a shell would reset the mask and hide the difference.)
        var all = sigset_t(), saved = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        let r = try Subprocess.run("grep", ["SigBlk", "/proc/self/status"])
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "SigBlk:\t0000000000000000")
    }

    @Test func theChildInheritsOnlyStandardInputOutputAndError() throws {
        let held = open("/dev/null", O_RDONLY)  // without close-on-exec, as the runner's own are
        defer { close(held) }
        let r = try Subprocess.run("/bin/sh", ["-c", "ls /proc/$$/fd"])
        #expect(r.stdout.split(separator: "\n") == ["0", "1", "2"], "\(r.stdout)")
    }

    @Test func reportsStatusOutputAndErrorsSeparately() throws {
        let r = try Subprocess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"])
        #expect(r.status == 3)
        #expect(r.stdout == "out\n")
        #expect(r.stderr == "err\n")
    }

    @Test func runsInTheGivenDirectoryEvenWithSpacesInItsName() throws {
        let dir = try BuiltBinary.temporaryDirectory().appendingPathComponent("a dir with 'quotes'")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let r = try Subprocess.run("pwd", ["-P"], in: dir)
        #expect(r.stdout.hasSuffix("/a dir with 'quotes'\n"), "\(r.stdout)")
    }

    @Test func aChildThatHangsIsKilledAndReported() {
        #expect(throws: Subprocess.Failure.self) { try Subprocess.run("sleep", ["300"], limit: 0.2) }
    }

    @Test func aMissingProgramIsAnErrorNotAHang() {
        #expect(throws: Subprocess.Failure.self) { try Subprocess.run("no-such-program-clusterlab", []) }
    }

    @Test func aPipedChildAnswersLineByLineAndInheritsOnlyItsPipes() throws {
        let child = try PipedProcess("/bin/sh", ["-c", "ls /proc/$$/fd; echo end; while read line; do echo \"got $line\"; done"])
        var descriptors: [String] = []
        while let line = try child.readLine(), line != "end" { descriptors.append(line) }
        #expect(descriptors == ["0", "1", "2"])
        try child.send("one")
        #expect(try child.readLine() == "got one")
        try child.send("two")
        #expect(try child.readLine() == "got two")
        #expect(try child.finish() == 0)
    }

    @Test func aPipedChildThatIgnoresItsInputIsKilledWhenTheTestLetsGo() throws {
        var child: PipedProcess? = try PipedProcess("sleep", ["300"])
        let pid = try #require(child?.pid)
        child = nil
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "pid \(pid) outlived its PipedProcess")
    }
}
