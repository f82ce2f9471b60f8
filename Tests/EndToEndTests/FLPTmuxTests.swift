import Foundation
import Testing
import TestSupport

/// FLP, felt, on the real screen at 80×24: the model checker's lasso opens
/// in the interface with no leader after three loops, and the lab opens on
/// its fixed-timeout cluster, whose run shows the split votes it predicts.
@Suite(.serialized) struct FLPTmuxTests {
    static let root = BuiltBinary.packageRoot

    @Test func theLassoOpensInTheInterfaceWithNoLeaderAfterThreeLoops() throws {
        let tmux = try Tmux.start(command: "cd \(Self.root.path) && \(try Tmux.binary()) search flp --open", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor({ $0.contains("lasso: 3 steps, then the 5-step cycle × 3") }, what: "the lasso's status line", tries: 600)
        let screen = try tmux.screen()
        #expect(screen.contains("no leader in term 4"), "prefix to term 1, three loops: term 4\n\(screen)")
        #expect(try Tmux.step(in: screen) == 3 + 3 + 3 * 5, "the starts, the prefix and three loops\n\(screen)")
        tmux.send("b")
        try tmux.waitFor("step 20")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }

    /// The letter the screen shows before a choice's text (students see their own order).
    static func letter(of text: String, in screen: String) -> String? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains(text) }),
              let r = line.range(of: #"[a-z]\) "#, options: .regularExpression) else { return nil }
        return String(line[r].prefix(1))
    }

    @Test func theLabOpensAndItsFixedTimeoutRunShowsAt80By24() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("clusterlab-flp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        let labs = Self.root.appendingPathComponent("Labs").path
        let tmux = try Tmux.start(command: "cd \(Self.root.path) && XDG_DATA_HOME=\(data.path) CLUSTERLAB_LABS=\(labs) "
                                      + "\(try Tmux.binary()) lab open consensus-flp", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor({ $0.contains("Question 1 of 8") }, what: "the first question", tries: 300)
        #expect(try tmux.screen().contains("t=0s"))
        tmux.send("Enter"); try tmux.waitFor("answer>")
        tmux.send("-l", "2"); tmux.send("Enter")
        try tmux.waitFor("Correct")
        tmux.send("]")
        try tmux.waitFor("Predict 2 of 8")
        let letter = try #require(Self.letter(of: "No, no server is a leader", in: try tmux.screen()))
        tmux.send("Enter"); try tmux.waitFor("answer>")
        tmux.send("-l", letter); tmux.send("Enter")
        try tmux.waitFor({ $0.contains("t=3s") && $0.contains("no leader in term 20") }, what: "the run at 3 s, term 20", tries: 600)
        let screen = try tmux.screen()
        #expect(screen.contains("score 2/9"), "the prediction counted\n\(screen)")
        #expect(screen.components(separatedBy: "candidate").count - 1 >= 3, "three candidates on screen\n\(screen)")
        tmux.send("q")
        try tmux.waitFor("Quit ClusterLab?")  // the lab is part-way
        tmux.send("y")
        try tmux.waitFor("EXITED=0")
    }
}
