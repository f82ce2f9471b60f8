import ClusterSim

/// Per-run parameters of a PBFT cluster (Castro & Liskov, OSDI 1999),
/// shared by replicas and clients.
///
/// Only the normal case (§4.2) is modelled: the view stays 0 and its primary
/// is n1. There is no view change (§4.4), no checkpoints or watermarks
/// (§4.3), and no retransmission: a faulty primary can stop progress, which
/// is what the view change would repair.
public struct PBFTConfig: Sendable, Hashable {
    /// Servers (replicas); clients follow them.
    public var replicas = 4
    /// The faults the replicas are built to tolerate. PBFT needs
    /// `replicas >= 3f + 1`; a smaller cluster may still be told this `f`
    /// to show what goes wrong.
    public var f = 1
    /// The replicas that lie, by index, and how.
    public var byzantine: Set<Int> = []
    public var behaviour: ByzantineBehaviour = .equivocate
    /// Requests each client issues, one after another (0: it waits for commands).
    public var opsPerClient = 0
    /// Whether a split between honest replicas stops the run (a checker
    /// violation). A lab that lets the student watch the split turns it off;
    /// tests and sandboxes keep it on.
    public var stopOnDisagreement = true

    public init() {}

    /// The replies a replica can count on while `f` others may never answer:
    /// `n − f`, which is Castro & Liskov's 2f + 1 when n = 3f + 1.
    public var quorum: Int { replicas - f }
    /// Matching PREPAREs from different backups a replica needs, beside the
    /// pre-prepare, to be prepared: 2f when n = 3f + 1.
    public var prepareQuorum: Int { quorum - 1 }
    /// Matching COMMITs from different replicas for committed-local: 2f + 1 when n = 3f + 1.
    public var commitQuorum: Int { quorum }
    /// Matching replies a client waits for: f + 1, so at least one is honest.
    public var replyQuorum: Int { f + 1 }

    public func isByzantine(_ replica: Int) -> Bool { byzantine.contains(replica) }
}

/// How a Byzantine replica lies. Every lying replica also answers clients
/// with a made-up result (`forged`), except a silent one.
public enum ByzantineBehaviour: String, Sendable, Hashable, CaseIterable {
    /// As primary: gives the same sequence number to different requests for
    /// different backups (and commits to whatever each was told). As a
    /// backup it has no pre-prepares to send, so it votes as `conflicting-votes`.
    case equivocate
    /// Sends PREPAREs and COMMITs for the true digest to half the replicas
    /// and for another digest to the other half (as primary, its
    /// pre-prepares are honest).
    case conflictingVotes = "conflicting-votes"
    /// Sends nothing at all.
    case silent
}
