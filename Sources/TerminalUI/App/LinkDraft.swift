import ClusterSim

/// The link editor's draft: one direction of one link, from the selected
/// node to a peer, with the latency, loss, rate and cut to apply.
public struct LinkDraft: Hashable, Sendable {
    public enum Field: Int, Hashable, Sendable, CaseIterable {
        case peer, latency, loss, cut, rate
        public var label: String {
            switch self {
            case .peer: return "to"
            case .latency: return "latency"
            case .loss: return "loss"
            case .rate: return "rate"
            case .cut: return "cut"
            }
        }
    }

    /// Latencies offered, microseconds (constant); nil keeps the link's own.
    public static let latencies: [Int64?] = [nil, 1_000, 5_000, 20_000, 100_000, 500_000, 2_000_000]
    /// Loss probabilities offered.
    public static let losses: [Double] = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1]
    /// Rates offered, bytes per second; nil is unlimited.
    public static let rates: [Int64?] = [nil, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000]

    public var from: NodeID
    public var to: NodeID
    public var field: Field = .peer
    /// The link's settings when the editor opened (or the peer changed).
    public var current: LinkSettings
    public var latency: Int64?
    public var loss: Double
    public var rate: Int64?
    public var cut: Bool

    public init(from: NodeID, to: NodeID, current: LinkSettings) {
        self.from = from; self.to = to; self.current = current
        latency = nil; loss = current.loss; rate = current.rate; cut = current.cut
    }

    /// The settings to apply.
    public var settings: LinkSettings {
        var s = current
        if let latency { s.latency = .constant(latency) }
        s.loss = loss
        s.rate = rate
        s.cut = cut
        return s
    }

    /// A value of the focused field moved `by` places along its choices.
    mutating func adjust(by delta: Int) {
        switch field {
        case .peer: break  // the reducer changes the peer: it needs the network
        case .latency:
            let i = LinkDraft.latencies.firstIndex(of: latency) ?? 0
            latency = LinkDraft.latencies[min(max(0, i + delta), LinkDraft.latencies.count - 1)]
        case .loss:
            let i = LinkDraft.losses.lastIndex { $0 <= loss + 1e-9 } ?? 0
            loss = LinkDraft.losses[min(max(0, i + delta), LinkDraft.losses.count - 1)]
        case .rate:
            // A rate the menu lacks (set by a file) steps from the nearest slower choice.
            let i = LinkDraft.rates.firstIndex(of: rate) ?? LinkDraft.rates.firstIndex { $0.map { $0 <= rate! } ?? false } ?? 0
            rate = LinkDraft.rates[min(max(0, i + delta), LinkDraft.rates.count - 1)]
        case .cut:
            cut.toggle()
        }
    }

    /// How the focused value reads in the editor.
    public func value(_ f: Field, _ layout: ClusterLayout) -> String {
        switch f {
        case .peer: return "\(layout.name(from))→\(layout.name(to))"
        case .latency: return latency.map(DurationText.format) ?? "as is (\(current.latency))"
        case .loss: return "\(Int((loss * 100).rounded()))%"
        case .rate: return rate.map(ByteRate.format) ?? "unlimited"
        case .cut: return cut ? "CUT one way" : "open"
        }
    }
}
