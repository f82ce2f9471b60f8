/// A run whose clients broadcast values and read them back from the servers
/// (Maelstrom's `broadcast` workload on real processes). Lab predicates ask
/// it which broadcasts were acknowledged and what each server's reads held,
/// so a lab can check "every node's read holds every acknowledged message"
/// against the run instead of stating it.
public protocol BroadcastReadings {
    /// Values whose broadcast was acknowledged at or before `time` (µs of the run).
    func acknowledgedBroadcasts(before time: Int64) -> Set<Int64>
    /// For each server, the values of its latest completed read that was
    /// invoked at or after `since` (servers with no such read are absent).
    func latestReads(since: Int64) -> [NodeID: Set<Int64>]
}
