import ClusterSim

/// The committed data: for each key, its versions in commit order, each
/// stamped with the commit sequence number that installed it. Snapshot
/// isolation reads an older version; every other level reads the latest.
/// A key never written reads null.
public struct TxnKVStore: Sendable, Hashable {
    public struct Version: Sendable, Hashable {
        public var commit: Int
        public var value: HistoryValue
    }

    public private(set) var versions: [String: [Version]] = [:]
    /// The sequence number of the last commit (0: none yet).
    public private(set) var lastCommit = 0

    public init() {}

    public func latest(_ key: String) -> HistoryValue { versions[key]?.last?.value ?? .null }

    /// The value a snapshot taken after commit `commit` sees.
    public func value(_ key: String, asOf commit: Int) -> HistoryValue {
        guard let vs = versions[key] else { return .null }
        return vs.last(where: { $0.commit <= commit })?.value ?? .null
    }

    /// The commit that last wrote `key` (0: never written).
    public func lastWrite(_ key: String) -> Int { versions[key]?.last?.commit ?? 0 }

    /// Installs one transaction's writes as the next commit; returns its number.
    mutating func install(_ writes: [(key: String, value: HistoryValue)]) -> Int {
        lastCommit += 1
        for (k, v) in writes { versions[k, default: []].append(Version(commit: lastCommit, value: v)) }
        return lastCommit
    }

    /// Forgets versions of `keys` that no snapshot taken at or after
    /// `oldest` can see, keeping the one such a snapshot reads.
    mutating func prune(_ keys: [String], oldestSnapshot oldest: Int) {
        for k in keys {
            guard var vs = versions[k], vs.count > 1 else { continue }
            let visible = vs.lastIndex(where: { $0.commit <= oldest }) ?? 0
            if visible > 0 { vs.removeFirst(visible); versions[k] = vs }
        }
    }
}

/// What survives a server crash: the committed data, and how each client's
/// last transaction ended (so a commit retried after a lost reply gets the
/// true answer).
public struct TxnKVDurable: Sendable, Hashable {
    public var store = TxnKVStore()
    public var outcomes: [Int: TxnKVOutcome] = [:]
}

/// How a finished transaction ended.
public struct TxnKVOutcome: Sendable, Hashable {
    public var txn: TxnKVTxnID
    public var committed: Bool
    public var reason: TxnKVAbortReason?
}
