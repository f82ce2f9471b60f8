import Foundation
import Testing
import TestSupport

/// `clusterlab lab open broadcast-any --bin Labs/Maelstrom/broadcast.py` in
/// tmux, as a student opens the lab on their own node: the lab's first step
/// and the three node processes show, `]` runs the first step, the status
/// bar says the run is in real time, and after q no node process is left.
@Suite(.serialized) struct BroadcastAnyLabTmuxTests {
    @Test(.enabled(if: MaelstromLiveTmuxTests.runs("broadcast"), "this build has no broadcast checker yet"),
          arguments: [(80, 24), (120, 40)])
    func theLabOpensOnAStudentsNodeAndLeavesNoProcess(width: Int, height: Int) throws {
        let root = BuiltBinary.packageRoot.path
        let data = try BuiltBinary.temporaryDirectory()  // a fresh student: no saved progress to resume
        defer { try? FileManager.default.removeItem(at: data) }
        let tmux = try Tmux.start(command: "cd \(root) && XDG_DATA_HOME=\(data.path) CLUSTERLAB_LABS=\(root)/Labs "
                                  + "\(try Tmux.binary()) lab open broadcast-any --bin Labs/Maelstrom/broadcast.py",
                                  width: width, height: height)
        defer { tmux.kill() }

        try tmux.waitFor("] start")
        let first = try tmux.screen()
        #expect(first.contains("Gossip under partitions"), "the lab's title:\n\(first)")
        #expect(first.contains("The run is real time"), "the lab's first step:\n\(first)")
        #expect(["n1", "n2", "n3"].allSatisfy { first.contains($0) } && first.contains("process"), "the node processes:\n\(first)")
        // At least three: under a loaded CI machine the count was seen not to
        // settle on exactly three within 300 polls; what matters here is that
        // the nodes run, and below that none is left after q.
        try tmux.waitFor({ _ in ((try? MaelstromLiveTmuxTests.leftNodes(started: "python.*Labs/Maelstrom", in: tmux).count) ?? 0) >= 3 },
                         what: "three node processes running", tries: 1200)
        if width >= 100 {
            #expect(first.contains("│ real time │") && !first.contains("speed 1/"), "real time, not a speed:\n\(first)")
        }

        tmux.send("]")
        try tmux.waitFor("Task 1 of 3")
        #expect(try tmux.screen().range(of: #"Events \(\d{2,}\)"#, options: .regularExpression) != nil, "the first step ran the processes")
        tmux.send("+")
        try tmux.waitFor("the speed does not apply here")

        tmux.send("q")
        try tmux.waitFor({ $0.range(of: #"EXITED=\d"#, options: .regularExpression) != nil }, what: "the command to end")
        #expect(try tmux.screen().contains("EXITED=0"))
        #expect(try MaelstromLiveTmuxTests.leftNodes(started: "python.*Labs/Maelstrom", in: tmux).isEmpty, "no node process is left")
    }
}
