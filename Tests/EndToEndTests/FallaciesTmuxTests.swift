import Foundation
import Testing
import TestSupport

/// The fallacies lab on the real screen at 80×24: it opens on its lossy echo
/// cluster, and its first prediction is answered from the keyboard and
/// checked against the run the screen then shows.
@Suite(.serialized) struct FallaciesTmuxTests {
    static let root = BuiltBinary.packageRoot

    @Test func theLabOpensAndItsFirstStepIsAnsweredFromTheKeyboardAt80By24() throws {
        let data = FileManager.default.temporaryDirectory
            .appendingPathComponent("clusterlab-fallacies-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        let labs = Self.root.appendingPathComponent("Labs").path
        let tmux = try Tmux.start(command: "cd \(Self.root.path) && XDG_DATA_HOME=\(data.path) CLUSTERLAB_LABS=\(labs) "
                                      + "\(try Tmux.binary()) lab open fallacies-eight-fallacies", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor({ $0.contains("Predict 1 of 11") }, what: "the first prediction", tries: 300)
        let opening = try tmux.screen()
        #expect(opening.contains("t=0s") && opening.contains("sent 0/20"), "the lossy echo cluster, not yet run\n\(opening)")
        let letter = try #require(FLPTmuxTests.letter(of: "Fewer than 20 came back", in: opening))
        tmux.send("Enter"); try tmux.waitFor("answer>")
        tmux.send("-l", letter); tmux.send("Enter")
        try tmux.waitFor({ $0.contains("t=1s") && $0.contains("score 1/11") }, what: "the run at 1 s, scored", tries: 600)
        let screen = try tmux.screen()
        #expect(screen.contains("sent 20/20"), "every request sent\n\(screen)")
        #expect(screen.contains("(lost)"), "a lost message in the events\n\(screen)")
        tmux.send("q")
        try tmux.waitFor("Quit ClusterLab?")  // the lab is part-way
        tmux.send("y")
        try tmux.waitFor("EXITED=0")
    }
}
