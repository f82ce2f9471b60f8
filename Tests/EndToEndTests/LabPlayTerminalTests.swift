import Testing
import Foundation
import TestSupport

/// `lab play` at a real terminal: asks the student's id once, asks each
/// question, and saves every answer as it is given, so stopping with C-c
/// half-way loses nothing.
@Suite struct LabPlayTerminalTests {
    @Test func eachAnswerIsSavedAtOnceSoCtrlCLosesNothing() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-play-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        let labs = BuiltBinary.packageRoot.appendingPathComponent("Labs")
        // A progress id whose order of the first question's choices is the author's.
        try FileManager.default.createDirectory(at: data.appendingPathComponent("clusterlab"), withIntermediateDirectories: true)
        let progress = data.appendingPathComponent("clusterlab/progress.json")
        try Data(#"{"version": 2, "id": "lab-guide-tests-3", "labs": {}}"#.utf8).write(to: progress)
        let tmux = try Tmux.start(command: "XDG_DATA_HOME=\(data.path) CLUSTERLAB_LABS=\(labs.path) \(try Tmux.binary()) lab play clocks-lamport-vs-vector --save-progress",
                                  width: 120, height: 40)
        defer { tmux.kill() }
        try tmux.waitFor("student id")
        tmux.send("-l", "s-9")
        tmux.send("Enter")
        try tmux.waitFor("What can you conclude?")
        tmux.send("-l", "b")
        tmux.send("Enter")
        try tmux.waitFor("How many of n1's events")
        #expect(try !tmux.screen().contains("Entry i counts"), "the next question's explanation is not shown")
        tmux.send("C-c")
        try tmux.waitFor({ $0.split(separator: "\n").last == "PROMPT$" }, what: "the shell prompt after C-c")
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: progress)) as? [String: Any])
        #expect(saved["student"] as? String == "s-9")
        let lab = try #require((saved["labs"] as? [String: Any])?["clocks-lamport-vs-vector"] as? [String: Any])
        #expect((lab["responses"] as? [String: String])?["lamport-order"] == "b", "the answer given before C-c was saved: \(lab)")
        #expect(lab["score"] as? Int == 1)
    }
}
