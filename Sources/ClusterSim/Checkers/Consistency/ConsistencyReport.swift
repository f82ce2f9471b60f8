/// Every weak-consistency anomaly in one history, by kind.
public struct ConsistencyReport: Sendable, Hashable {
    public var staleReads: [ConsistencyAnomaly]
    public var readYourWrites: [ConsistencyAnomaly]
    public var monotonicReads: [ConsistencyAnomaly]

    public init(_ history: SessionHistory) {
        staleReads = StaleReads.find(in: history)
        readYourWrites = ReadYourWrites.find(in: history)
        monotonicReads = MonotonicReads.find(in: history)
    }

    public var all: [ConsistencyAnomaly] { staleReads + readYourWrites + monotonicReads }
    public var isClean: Bool { all.isEmpty }
}
