import Foundation
import Testing
import TestSupport

/// The load-balancing lab's claim, on the real screen: with one slow backend
/// under open-loop traffic, round-robin's p99 climbs; switching the balancer
/// to least-connections from the console brings it down. Both figures are
/// read from the live metrics panel's `all` row.
@Suite(.serialized) struct BalancerTmuxTests {
    /// The `all` row's p50 and p99 in microseconds (the row's first two durations).
    static func latencies(in screen: String) -> (p50: Int64, p99: Int64)? {
        guard let row = screen.split(separator: "\n").first(where: { $0.contains("│all ") }) else { return nil }
        let durations = row.split(whereSeparator: { $0 == " " || $0 == "│" }).compactMap { micros(String($0)) }
        return durations.count >= 2 ? (durations[0], durations[1]) : nil
    }

    /// `850us`, `1.2ms`, `35ms`, `2.1s` as microseconds.
    static func micros(_ text: String) -> Int64? {
        for (suffix, scale) in [("us", 1.0), ("ms", 1_000.0), ("s", 1_000_000.0)] where text.hasSuffix(suffix) {
            guard let v = Double(text.dropLast(suffix.count)) else { return nil }
            return Int64(v * scale)
        }
        return nil
    }

    @Test func theDurationReaderReadsThePanelsFormats() {
        #expect(Self.micros("850us") == 850 && Self.micros("1.2ms") == 1_200 && Self.micros("2.1s") == 2_100_000)
        #expect(Self.micros("93%") == nil)
        let row = "│all         35% █░░   581 █░░ 1.3ms  2.7s ▇▇█████│"
        #expect(Self.latencies(in: "x\n" + row)! == (1_300, 2_700_000))
        #expect(Self.latencies(in: "│n2  live   35% 1.3ms") == nil)
    }

    @Test func roundRobinsP99ClimbsAndSwitchingToLeastConnectionsBringsItDown() throws {
        let command = "\(try Tmux.binary()) sandbox balancer --nodes 6 --seed 1 --param slow=1 --param slow_factor=10"
            + " --workload arrival=poisson --workload rate=800 --workload requests=0"
        let tmux = try Tmux.start(command: command, width: 120, height: 40)
        defer { tmux.kill() }

        try tmux.waitFor("Live metrics · n1")
        tmux.send(":"); tmux.send("-l", "speed 1"); tmux.send("Enter")
        tmux.send("space")
        var before: Int64 = 0
        try tmux.waitFor({ screen in
            before = Self.latencies(in: screen)?.p99 ?? 0
            return before > 150_000
        }, what: "round-robin's p99 above 150ms", tries: 600)

        tmux.send(":"); tmux.send("-l", "request n1 strategy least_connections"); tmux.send("Enter")
        try tmux.waitFor("strategy least_connections")
        // Wait for the outcome, not for a moment: how much virtual time passes
        // per poll depends on the machine, and the p99 falls over a few windows
        // (it read 96ms once, on its way from 184ms down to about 35ms).
        var after = Int64.max
        try tmux.waitFor({ screen in
            after = Self.latencies(in: screen)?.p99 ?? .max
            return after < 100_000 && after < before / 2
        }, what: "least-connections' p99 below 100ms and half of round-robin's \(before)us", tries: 600)
        print("BalancerTmuxTests: p99 round_robin \(before)us, then least_connections \(after)us")
        #expect(after < before / 2, "p99 round_robin \(before)us, least_connections \(after)us")

        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
