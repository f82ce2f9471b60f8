import Foundation
import Testing
import TestSupport

/// The Consul-style sandbox on a small terminal (80×24): the servers' boxes
/// show the catalog, the agents' boxes their check; failing n4's check turns
/// its box critical and takes it out of what the balancer's lookups return
/// (the live metrics panel of c1 shows each backend in or out), and passing again brings it back.
@Suite(.serialized) struct DiscoveryTmuxTests {
    /// A backend's state in the live metrics panel (`in` or `out`), by its row.
    static func state(_ node: String, _ screen: String) -> String? {
        let lines = screen.split(separator: "\n")
        guard let top = lines.firstIndex(where: { $0.contains("Live metrics") }),
              let row = lines[(top + 1)...].first(where: { $0.contains("│\(node) ") }) else { return nil }
        let words = row.split(separator: "│").last?.split(separator: " ") ?? []
        return words.count > 1 ? String(words[1]) : nil
    }
    static func states(_ screen: String) -> [String?] { ["n4", "n5", "n6"].map { state($0, screen) } }

    @Test func theRowReaderReadsThePanel() {
        let screen = "║│n4  ││n5 ║╭ Live metrics · c1\n║x║│n4  out       0     0     0     │\n║x║│n5  in       12    40     0     │"
        #expect(Self.state("n4", screen) == "out" && Self.state("n5", screen) == "in" && Self.state("n6", screen) == nil)
    }

    @Test func failingACheckShowsCriticalAndChangesTheLookup() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox consul --seed 1", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("Cluster · consul · 6 nodes")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("Left")  // from n1 round to c1, the balancer
        try tmux.waitFor("Live metrics · c1")
        tmux.send("space")
        try tmux.waitFor({ $0.contains("catalog 3") && Self.states($0) == ["in", "in", "in"] }, what: "three backends in", tries: 300)
        #expect(try tmux.screen().contains("web passing"))

        tmux.send(":"); tmux.send("-l", "request n4 check web critical"); tmux.send("Enter")
        try tmux.waitFor({ $0.contains("web critical") && Self.states($0) == ["out", "in", "in"] },
                         what: "n4 critical and out of the lookups", tries: 300)

        tmux.send(":"); tmux.send("-l", "request n4 check web passing"); tmux.send("Enter")
        try tmux.waitFor({ Self.states($0) == ["in", "in", "in"] && !$0.contains("web critical") },
                         what: "n4 back in the lookups", tries: 300)
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
