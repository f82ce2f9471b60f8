import ClusterProtocols
import ClusterSim
import Testing
@testable import TerminalUI

/// The membership view (issue 6): each node's view of who is alive and who
/// is suspected, as a matrix of rows (observers) by columns (peers).
@Suite struct MembershipPanelTests {
    /// Five servers, low latency, `detector` with the test timings of the detector tests.
    static func run(_ detector: FailureDetector, seed: UInt64 = 1,
                    script: [(time: Int64, action: ClusterAction)] = []) -> Simulation<MembershipNode> {
        let config: MembershipConfig
        switch detector {
        case .heartbeat: config = MembershipConfig(detector: .heartbeat, interval: 50_000, timeout: 150_000)
        case .phi: config = MembershipConfig(detector: .phi, interval: 50_000, tick: 5_000, window: 100, threshold: 8, minStddev: 5_000)
        case .swim: config = MembershipConfig(detector: .swim, period: 100_000, pingTimeout: 30_000, indirectProbes: 3,
                                              suspicionTimeout: 500_000)
        }
        return Simulation<MembershipNode>(layout: ClusterLayout(servers: 5), config: config, seed: seed,
                                          network: LinkSettings(latency: .uniform(min: 1_000, max: 10_000)), script: script)
    }

    /// The matrix on screen: finds the panel, its header, and reads cells by observer and peer name.
    struct Matrix {
        let grid: CellGrid
        let header: Int
        let left: Int
        init(_ grid: CellGrid, sourceLocation: SourceLocation = #_sourceLocation) throws {
            self.grid = grid
            let top = try #require((0..<grid.size.height).first { grid.line($0).contains("Membership") }, "no membership panel:\n\(grid.text)")
            header = top + 1
            left = Array(grid.line(top).unicodeScalars).firstIndex(of: "┌").map { $0 + 1 } ?? 1
        }
        func x(ofColumn peer: String) throws -> Int {
            let line = Array(grid.line(header).unicodeScalars).map(Character.init)
            let target = Array(" \(peer)")
            let i = try #require(line.indices.first { i in i + target.count <= line.count && Array(line[i..<i + target.count]) == target
                && (i + target.count == line.count || line[i + target.count] == " ") }, "no column \(peer) in '\(String(line))'")
            return i
        }
        func y(ofRow observer: String) throws -> Int {
            try #require((header + 1..<grid.size.height).first { y in
                String(grid.line(y).dropFirst(left)).hasPrefix(observer + " ")
            }, "no row \(observer)")
        }
        /// The cell's text (trimmed) and the colour role of its first letter.
        func cell(_ observer: String, _ peer: String, width: Int = 6) throws -> (text: String, role: ColorRole, style: CellStyle) {
            let x = try x(ofColumn: peer), y = try y(ofRow: observer)
            let text = String(String.UnicodeScalarView((x..<x + width).map { grid[$0, y].scalar })).trimmingCharacters(in: .whitespaces)
            let first = (x..<x + width).first { grid[$0, y].scalar != " " } ?? x
            return (text, grid[first, y].style.foreground, grid[first, y].style)
        }
        func row(_ observer: String) throws -> String { grid.line(try y(ofRow: observer)) }
    }

    func membershipScreen(_ run: ClusterRun, size: Size = Size(width: 80, height: 24)) -> CellGrid {
        var state = AppState()
        reduce(&state, .membershipToggled, run)
        return render(state, run, size)
    }

    @Test func aHealthyClusterIsAliveInEveryCell() throws {
        let run = Self.run(.heartbeat)
        run.run(until: VirtualTime(microseconds: 1_000_000))
        let m = try Matrix(membershipScreen(run))
        for o in 1...5 {
            for p in 1...5 where p != o {
                let c = try m.cell("n\(o)", "n\(p)")
                #expect(c.text == "alive" && c.role == .good, "n\(o) sees n\(p): \(c)\n\(m.grid.text)")
            }
            #expect(try m.cell("n\(o)", "n\(o)").text.contains("self"))
        }
        #expect(m.grid.text.contains("every up node sees every peer alive"))
    }

    @Test func aCrashedNodeIsSuspectedInEveryOtherRowAndItsOwnRowIsGreyed() throws {
        let run = Self.run(.heartbeat, script: [(500_000, .crash(NodeID(2)))])
        run.run(until: VirtualTime(microseconds: 1_500_000))
        let m = try Matrix(membershipScreen(run))
        for o in [1, 2, 4, 5] {
            let c = try m.cell("n\(o)", "n3")
            #expect(c.text == "SUSP" && c.role == .warning, "n\(o) sees n3: \(c)\n\(m.grid.text)")
            #expect(try m.cell("n\(o)", "n1").text == "alive" || o == 1)
        }
        let crashedRow = try m.row("n3")
        #expect(crashedRow.contains("crashed"), "\(crashedRow)")
        let y = try m.y(ofRow: "n3")
        #expect(m.grid[m.left, y].style.foreground == .crashed, "the crashed observer's row is greyed")
        #expect(m.grid.text.contains("n3: suspected by 4, dead to 0, of 4 up"), "\(m.grid.text)")
    }

    @Test func swimDeclaresTheCrashedNodeDeadAndShowsIncarnationsWhenWide() throws {
        let run = Self.run(.swim, script: [(300_000, .crash(NodeID(1)))])
        run.run(until: VirtualTime(microseconds: 3_000_000))
        let m = try Matrix(membershipScreen(run, size: Size(width: 160, height: 40)))
        for o in [1, 3, 4, 5] {
            let c = try m.cell("n\(o)", "n2", width: 11)
            #expect(c.text.hasPrefix("DEAD @") && c.role == .bad, "n\(o) sees n2: \(c)\n\(m.grid.text)")
        }
        #expect(try m.cell("n1", "n3", width: 11).text == "alive @0")
    }

    @Test func phiShowsTheSuspicionLevelWhenWide() throws {
        let run = Self.run(.phi, script: [(1_000_000, .crash(NodeID(4)))])
        run.run(until: VirtualTime(microseconds: 2_000_000))
        let m = try Matrix(membershipScreen(run, size: Size(width: 160, height: 40)))
        let c = try m.cell("n1", "n5", width: 11)
        #expect(c.text.hasPrefix("SUSP φ") && c.role == .warning, "\(c)\n\(m.grid.text)")
        let phi = try #require(Double(c.text.dropFirst("SUSP φ".count).prefix { $0 != " " }.replacingOccurrences(of: "+", with: "")))
        #expect(phi >= 8, "suspected at or above the threshold 8: \(phi)")
        #expect(try m.cell("n1", "n2", width: 11).text.hasPrefix("alive φ"))
    }

    @Test func aPartitionIsSeenFromEachSideAndMarksCellsAcrossIt() throws {
        let run = Self.run(.heartbeat, script: [(500_000, .partition([[NodeID(0), NodeID(1)], [NodeID(2), NodeID(3), NodeID(4)]]))])
        run.run(until: VirtualTime(microseconds: 1_500_000))
        let m = try Matrix(membershipScreen(run))
        #expect(m.grid.text.contains("Membership · PARTITIONED"))
        let across = try m.cell("n1", "n4"), same = try m.cell("n1", "n2"), back = try m.cell("n5", "n2")
        #expect(across.text == "SUSP" && across.style.attributes.contains(.underline), "\(across)")
        #expect(back.text == "SUSP", "the other side suspects n2 too: \(back)")
        #expect(same.text == "alive" && !same.style.attributes.contains(.underline), "\(same)")
    }

    @Test func aProtocolWithoutADetectorSaysSo() {
        var state = AppState()
        let run = floodRun()
        reduce(&state, .membershipToggled, run)
        let text = render(state, run, Size(width: 80, height: 24)).text
        #expect(text.contains("flood has no failure detector"), "\(text)")
    }

    @Test func capitalMTogglesTheMatrixAndIsListedInHintsAndHelp() {
        let run = Self.run(.heartbeat)
        var state = AppState()
        reduce(&state, .keyPressed(.character("M")), run)
        #expect(state.showsMembership && state.focus == .membership && state.mainPanel == .membership)
        reduce(&state, .timelineToggled, run)
        #expect(state.mainPanel == .timeline, "the timeline stands in front")
        reduce(&state, .keyPressed(.character("M")), run)
        #expect(state.mainPanel == .membership && !state.showsTimeline)
        reduce(&state, .keyPressed(.character("M")), run)
        #expect(!state.showsMembership && state.mainPanel == .cluster && state.focus == .cluster)
        #expect(KeyMap.hints(for: state).contains { $0.keys == "M" && $0.hint == "members" })
        reduce(&state, .helpToggled, run)
        #expect(render(state, run, Size(width: 120, height: 40)).text.contains("membership: each node's view of its peers"))
    }
}

extension MembershipPanelTests {
    /// Twelve nodes at 80 columns: one letter a cell, numbers for column heads.
    @Test func manyNodesFitAsLetters() throws {
        let config = MembershipConfig(detector: .heartbeat, interval: 50_000, timeout: 150_000)
        let run = Simulation<MembershipNode>(layout: ClusterLayout(servers: 12), config: config, seed: 1,
                                             network: LinkSettings(latency: .uniform(min: 1_000, max: 10_000)),
                                             script: [(500_000, .crash(NodeID(1)))])
        run.run(until: VirtualTime(microseconds: 1_500_000))
        let text = membershipScreen(run).text
        let lines = text.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.contains(" 1  2  3") }, "\(text)")
        #expect(header.contains(" 10 11 12"), "\(header)")
        let row12 = try #require(lines.first { $0.hasPrefix("║n12 ") }, "\(text)")
        #expect(row12.hasPrefix("║n12  a  S  a"), "\(row12)")
        #expect(text.contains("S suspected"))
    }
}
