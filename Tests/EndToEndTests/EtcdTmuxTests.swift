import Foundation
import Testing
import TestSupport

/// The etcd sandbox on an 80×24 screen: grant a lease at the leader, put a
/// key with it, watch the lease's time left count down in the inspector and
/// the key vanish when it runs out.
@Suite(.serialized) struct EtcdTmuxTests {
    /// Lease 1's time left as the inspector shows it (`ttl 1:1.65s`), in microseconds.
    static func leaseLeft(in screen: String) -> Int64? {
        guard let r = screen.range(of: #"1:[0-9.]+m?s"#, options: .regularExpression) else { return nil }
        let text = String(screen[r].dropFirst(2))
        for (suffix, scale) in [("ms", 1_000.0), ("s", 1_000_000.0)] where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { Int64($0 * scale) }
        }
        return nil
    }

    @Test func theReaderReadsTheInspectorsFormat() {
        #expect(Self.leaseLeft(in: "│term 1 · ttl │\n│1:1.65s · keys") == 1_650_000)
        #expect(Self.leaseLeft(in: "ttl 1:600ms") == 600_000)
        #expect(Self.leaseLeft(in: "ttl —") == nil)
    }

    @Test func aKeyWithALeaseVanishesWhenTheLeaseRunsOut() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox etcd --seed 1", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("Cluster · etcd")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        var leader = ""
        try tmux.waitFor({ screen in
            guard let r = screen.range(of: #"leader n[0-9]"#, options: .regularExpression) else { return false }
            leader = String(screen[r].dropFirst(7)); return true
        }, what: "a leader")
        // Select the leader, whose inspector shows what is left of each lease.
        for _ in 1..<Int(leader.dropFirst())! { tmux.send("l") }
        try tmux.waitFor("Inspector · \(leader)")
        tmux.send(":"); tmux.send("-l", "request \(leader) lease grant 3s"); tmux.send("Enter")
        tmux.send(":"); tmux.send("-l", "request \(leader) put k v --lease 1"); tmux.send("Enter")
        try tmux.waitFor("keys 1")
        var first: Int64 = 0, later: Int64 = 0
        try tmux.waitFor({ first = Self.leaseLeft(in: $0) ?? 0; return first > 0 }, what: "lease 1's time left")
        try tmux.waitFor({ later = Self.leaseLeft(in: $0) ?? .max; return later < first }, what: "the time left falling below \(first)us")
        try tmux.waitFor({ $0.contains("keys 0") && $0.contains("leases 0") }, what: "the key and its lease gone", tries: 150)
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
