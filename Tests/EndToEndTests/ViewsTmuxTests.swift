import Foundation
import Testing
import TestSupport

/// The membership matrix and the placement screen, driven in tmux as a person would.
@Suite(.serialized) struct ViewsTmuxTests {
    /// The cell under `peer`'s column header in `observer`'s row, read off the captured screen.
    static func cell(_ screen: String, observer: String, peer: String) throws -> String {
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let header = try #require(lines.firstIndex { String($0).contains("n1      n2") }, "no matrix header:\n\(screen)")
        let h = String(lines[header])
        let col = try #require(h.range(of: " \(peer) ").map { h.distance(from: h.startIndex, to: $0.lowerBound) + 1 })
        let row = try #require(lines[(header + 1)...].first { String($0.dropFirst()).hasPrefix(observer + " ") }, "no row \(observer)")
        return String(row[col..<min(row.count, col + 6)]).trimmingCharacters(in: .whitespaces)
    }

    @Test func membershipMatrixShowsACrashedNodeSuspectedInEveryOtherRow() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox membership", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("membership · seed")
        for command in ["crash n3", "step 400"] {
            tmux.send(":")
            tmux.send("-l", command)
            tmux.send("Enter")
        }
        try tmux.waitFor("step 400")
        tmux.send("M")
        try tmux.waitFor("Membership")
        let screen = try tmux.screen()
        for observer in ["n1", "n2", "n4", "n5"] {
            let c = try Self.cell(screen, observer: observer, peer: "n3")
            #expect(c == "SUSP" || c == "DEAD", "\(observer) sees n3 as '\(c)':\n\(screen)")
            #expect(try Self.cell(screen, observer: observer, peer: observer == "n1" ? "n2" : "n1") == "alive")
        }
        #expect(screen.contains("crashed · no view"), "n3's own row:\n\(screen)")
        tmux.send("M")
        try tmux.waitFor("Cluster · membership")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}

/// `clusterlab placement --print`: the figures as text.
@Suite struct PlacementCommandTests {
    func lines(_ arguments: [String]) throws -> [String] {
        let r = try BuiltBinary.run(["placement", "--print"] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    /// The number after `moved ` in the line that starts with `prefix`.
    func moved(_ lines: [String], _ prefix: String) throws -> Int {
        let line = try #require(lines.first { $0.hasPrefix(prefix) }, "no '\(prefix)' in \(lines)")
        let after = try #require(line.range(of: "moved ")).upperBound
        return try #require(Int(line[after...].prefix { $0.isNumber }))
    }

    @Test func modNMovesMostKeysAndTheRingAboutOneElevenths() throws {
        let mod = try lines(["--scheme", "mod-n", "--nodes", "10", "--keys", "20000"])
        #expect(mod.first == "placement mod-n · 10 nodes · 20000 keys")
        #expect(try moved(mod, "join n11") > 17_000)
        let ring = try lines(["--scheme", "ring", "--nodes", "10", "--keys", "20000", "--vnodes", "256"])
        let r = try moved(ring, "join n11")
        #expect(abs(r - 20_000 / 11) < 300, "\(r)")
        let jump = try lines(["--scheme", "jump", "--nodes", "10", "--keys", "20000", "--join", "1"])
        #expect(try moved(jump, "last change: join n11") == (try #require(jump.first { $0.hasPrefix("  n11 ") }).split(separator: " ").last.flatMap { Int($0) }),
                "jump moves exactly what the new bucket holds")
    }

    @Test func zipfPrintsHotKeysForASeed() throws {
        let a = try lines(["--zipf", "1.2", "--seed", "7"]), b = try lines(["--zipf", "1.2", "--seed", "7"])
        #expect(a == b, "a seed is one workload")
        let hot = try #require(a.first { $0.hasPrefix("hot keys: key0 ") }, "\(a)")
        #expect(hot.contains("% on n"))
        #expect(a.contains { $0.hasPrefix("requests per node: max ") })
    }

    @Test func badInputExitsTwoWithAMessage() throws {
        for (arguments, message) in [
            (["--scheme", "md5"], "unknown scheme 'md5'; schemes: mod-n, range, ring"),
            (["--nodes", "0"], "--nodes must be from 1 to 200"),
            (["--zipf=-1"], "--zipf must be from 0 to 5"), (["--zipf", "9"], "--zipf must be from 0 to 5"),
            (["--nodes", "2", "--leave", "2"], "--leave must leave at least one node"),
        ] {
            let r = try BuiltBinary.run(["placement", "--print"] + arguments)
            #expect(r.status == 2 && r.stderr.contains(message), "\(arguments): \(r.status) \(r.stderr)")
        }
    }
}

extension ViewsTmuxTests {
    @Test func placementJoinKeyChangesTheMovedKeysLine() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) placement --scheme mod-n --nodes 10 --keys 10000", width: 80, height: 24)
        defer { tmux.kill() }
        try tmux.waitFor("Keys moved · mod-n")
        try tmux.waitFor("last: none yet")
        tmux.send("+")
        try tmux.waitFor("last: join n11 moved")
        let screen = try tmux.screen()
        #expect(screen.contains("mod-n · 11 nodes"), "\(screen)")
        let line = try #require(screen.split(separator: "\n").first { $0.contains("last: join n11 moved") })
        let moved = try #require(Int(line.split(separator: "moved ")[1].prefix { $0.isNumber }))
        #expect(moved > 8_500, "mod N moves about 10/11 of 10000 keys: \(moved)")
        tmux.send("s")  // range
        try tmux.waitFor("Keys moved · range")
        tmux.send("+")
        try tmux.waitFor("last: join n11 moved 500 keys")  // half of one of ten equal ranges
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
