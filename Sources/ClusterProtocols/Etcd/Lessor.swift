import ClusterSim

/// The leader's lease clock (etcd's primary lessor, server/lease/lessor.go).
///
/// Only the leader judges expiry, on its own clock: followers keep leases
/// with no deadline (etcd's Demote sets them to "forever"). A new leader,
/// once it has applied its first entry of the term, refreshes every lease to
/// its full TTL plus an election timeout (etcd's `Promote(ElectionTimeout)`),
/// because it cannot know when the old leader last renewed them.
public struct Lessor: Sendable, Hashable {
    public private(set) var primary = false
    /// Each lease's deadline on this member's clock.
    public private(set) var expiry: [Int: Int64] = [:]
    /// Expired leases whose revoke is in the log, and when it was proposed.
    private var revoking: [Int: Int64] = [:]

    public mutating func promote(_ leases: [EtcdLease], now: Int64, extend: Int64) {
        primary = true
        expiry = Dictionary(uniqueKeysWithValues: leases.map { ($0.id, now + $0.ttl + extend) })
        revoking = [:]
    }

    public mutating func demote() { primary = false; expiry = [:]; revoking = [:] }

    mutating func granted(_ id: Int, ttl: Int64, now: Int64) { if primary { expiry[id] = now + ttl } }

    mutating func removed(_ id: Int) { expiry[id] = nil; revoking[id] = nil }

    /// A keepalive: the new TTL, or nil if the lease is unknown or already expired.
    mutating func renew(_ id: Int, ttl: Int64, now: Int64) -> Int64? {
        guard primary, let e = expiry[id], e > now else { return nil }
        expiry[id] = now + ttl
        return ttl
    }

    /// Leases past their deadline that need a revoke proposed (again, if the
    /// last proposal has not applied after `retry`).
    mutating func due(now: Int64, retry: Int64) -> [Int] {
        guard primary else { return [] }
        let ids = expiry.filter { $0.value <= now && (revoking[$0.key].map { now - $0 >= retry } ?? true) }.keys.sorted()
        for id in ids { revoking[id] = now }
        return ids
    }

    public func remaining(_ id: Int, now: Int64) -> Int64? { expiry[id].map { max(0, $0 - now) } }
}
