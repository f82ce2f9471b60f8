import ClusterSim

/// The panels of the cluster screen, in the order tab visits them (only the
/// ones on screen: the timeline stands in for the cluster view, the clocks
/// for the inspector, the guide appears in a lab).
public enum PanelID: String, Hashable, Sendable, CaseIterable {
    case cluster, timeline, guide, log, inspector, clocks
    case membership
    case transactions
    public var title: String {
        switch self {
        case .cluster: return "Cluster"
        case .timeline: return "Timeline"
        case .guide: return "Guide"
        case .log: return "Events"
        case .inspector: return "Inspector"
        case .clocks: return "Clocks"
        case .membership: return "Membership"
        case .transactions: return "Transactions"
        }
    }
}

/// Which screen is up: the home screen (labs, sandboxes, notes) or a live cluster.
public enum Screen: Hashable, Sendable { case home, cluster, placement }

/// The scenario a run was made from, kept so `:save` can write a session
/// and `:seed` can start the same scenario afresh.
public struct ScenarioSource: Hashable, Sendable {
    public var name: String
    public var text: String
    public init(name: String, text: String) { self.name = name; self.text = text }

    /// What `clusterlab sandbox` runs: the protocol with its defaults.
    /// `parameters` and `workload` (`key=value` pairs, in order) become the
    /// scenario's sections, checked as a file's would be; the clients run
    /// `SandboxWorkload`'s steady stream unless `workload` says otherwise.
    public static func sandbox(_ protocolName: String, servers: Int, seed: UInt64,
                               parameters: [(String, String)] = [], workload: [(String, String)] = []) -> ScenarioSource {
        func section(_ key: String, _ pairs: [(String, String)]) -> String {
            let items = pairs.map { k, v in
                // Numbers, durations and percentages stay plain: quoted, they are text (issue 12).
                let plain = !v.isEmpty && v.first != "%" && v.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "%" }
                return "\(k): " + (plain ? v : "\"" + v.filter { $0 != "\"" && $0 != "\\" } + "\"")
            }
            return pairs.isEmpty ? "" : "\(key): {\(items.joined(separator: ", "))}\n"
        }
        return ScenarioSource(name: "sandbox:\(protocolName)",
                              text: "protocol: \(protocolName)\nnodes: \(servers)\nseed: \(seed)\n"
                                  + section("parameters", parameters)
                                  + section("workload", SandboxWorkload.merged(protocolName, with: workload)))
    }
}

/// A line of text being typed at the bottom of the screen.
public struct Prompt: Hashable, Sendable {
    public enum Purpose: Hashable, Sendable {
        /// `:` a command line.
        case command
        /// `/` a search of the event log.
        case search
        /// `r` a client command sent to a node.
        case clientCommand(NodeID)
        /// `enter` in a lab: the answer to the current question.
        case answer
    }
    public var purpose: Purpose
    public var text: String = ""

    /// What is shown before the text.
    public func lead(_ layout: ClusterLayout) -> String {
        switch purpose {
        case .command: return ":"
        case .search: return "/"
        case .clientCommand(let n): return "command for \(layout.name(n))> "
        case .answer: return "answer> "
        }
    }
}

/// The partition being put together in the editor: a group number per server.
public struct PartitionDraft: Hashable, Sendable {
    public var groups: [Int]
    public init(servers: Int, from current: [[NodeID]]) {
        groups = Array(repeating: 0, count: servers)
        for (g, members) in current.enumerated() { for n in members where n.index < servers { groups[n.index] = g } }
    }
    /// The groups as the engine takes them, empty groups left out.
    public var partition: [[NodeID]] {
        let used = Set(groups).sorted()
        return used.map { g in groups.indices.filter { groups[$0] == g }.map(NodeID.init) }
    }
}

/// What the keyboard is doing right now.
public enum InputMode: Hashable, Sendable {
    case normal
    case help
    /// A yes/no question before something that cannot be undone from here.
    case confirm(Confirmation)
    case prompt(Prompt)
    case partitionEditor(PartitionDraft)
    case linkEditor(LinkDraft)
}

/// What a `confirm` mode asks.
public enum Confirmation: Hashable, Sendable {
    /// Leave a lab that is part-way (progress is saved either way):
    /// back to Home, or out of the program.
    case leaveLab(toHome: Bool)

    /// The question, in words, with the keys that answer it.
    public var question: String {
        switch self {
        case .leaveLab(let toHome):
            return (toHome ? "Back to Home?" : "Quit ClusterLab?") + " The lab is part-way; your progress is saved. y/q: leave · n/esc: stay"
        }
    }
}

/// Which events the log shows.
public struct LogFilter: Hashable, Sendable {
    public var node: NodeID?
    public var kinds: Set<TraceEvent.Kind> = []
    /// Text searched for (case-insensitive): matching lines are marked and
    /// `n`/`N` jump between them; other lines stay in view.
    public var search: String?
    public init(node: NodeID? = nil, kinds: Set<TraceEvent.Kind> = [], search: String? = nil) {
        self.node = node; self.kinds = kinds; self.search = search
    }
    public var isActive: Bool { node != nil || !kinds.isEmpty || search != nil }
    /// Whether an event passes the node and kind filters (the search marks, it does not hide).
    public func admits(_ e: TraceEvent) -> Bool {
        if let n = node, Int(e.node) != n.index, Int(e.peer) != n.index { return false }
        return kinds.isEmpty || kinds.contains(e.kind)
    }
}

/// A line for the person at the keyboard, shown until the next key.
public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) { self.text = text; self.isError = isError }
}

/// Everything the interface shows that the run itself doesn't hold.
public struct AppState: Hashable, Sendable {
    public var isPlaying = false
    /// Play stops at each scripted action (`U`), so an instructor can talk first.
    public var pausesAtScripted = false
    /// The projector layout (`--present`): the cluster with larger boxes and
    /// one log beside it (the guide in a lab), lines wrapped, not cut.
    public var presenting = false
    /// Virtual seconds per wall second.
    public var speed: Double = Speed.initial
    /// The virtual time on screen, microseconds: at or after the run's last
    /// event (time passes between events while playing).
    public var displayedTime: Int64 = 0
    /// Virtual time owed to the display below a microsecond.
    public var fractionalMicroseconds: Double = 0
    public var focus: PanelID = .cluster
    public var isZoomed = false
    public var selectedNode = NodeID(0)
    /// The id of the message in flight that `d` drops.
    public var selectedMessage: Int64?
    public var mode: InputMode = .normal
    /// Lines scrolled up from the newest event (0 follows the run).
    public var logScroll = 0
    public var logFilter = LogFilter()
    public var message: StatusMessage?
    public var shouldQuit = false
    /// The run or lab on screen was opened from Home: `q` and esc go back there.
    public var returnsHome = false
    /// The terminal's size as last reported (keys act on nothing while it is too small).
    public var terminalSize: Size?
    /// Lines the `?` help is scrolled down.
    public var helpScroll = 0
    /// The trace index of the search match `n`/`N` last jumped to.
    public var searchMatch: Int?
    public var glyphs: Glyphs

    public var screen: Screen = .cluster
    public var home = HomeState()
    /// The scenario on screen (nil in tests that build a run by hand).
    public var scenario: ScenarioSource?
    /// The timeline in the main area instead of the cluster view.
    public var showsTimeline = false
    /// The clocks in the side area instead of the inspector.
    public var showsClocks = false
    /// The membership matrix in the main area instead of the cluster view.
    public var showsMembership = false
    /// The run's transactions and the isolation checker's verdict in the main area.
    public var showsTransactions = false
    /// The trace event selected in the timeline.
    public var timelineSelection: Int?
    /// The lab guide, when a lab is open.
    public var guide: GuideState?
    /// The placement screen's scheme, cluster and figures (`clusterlab placement`).
    public var placement: PlacementState?
    /// Work for the world outside the reducer (files, new runs), done by the
    /// run loop's `Workbench` after each action.
    public var effects: [AppEffect] = []

    public init(glyphs: Glyphs = .unicode) { self.glyphs = glyphs }

    /// Whether the last reported terminal size is below the minimum.
    public var isTerminalTooSmall: Bool {
        guard let s = terminalSize else { return false }
        return s.width < ScreenLayout.minimum.width || s.height < ScreenLayout.minimum.height
    }
}
