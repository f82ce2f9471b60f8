import ClusterSim

/// The `two-phase-commit` exercise's contract: the student's node is the
/// coordinator (n1) or a participant (n2…), by its id. The suite starts
/// transactions with the command `begin TX` at n1 and reads each node's
/// view of each transaction after every step.
public protocol TwoPhaseCommitNode: NodeStateMachine where Config == TwoPhaseCommitConfig {
    /// Where this node stands on transaction `tx` (nil: it has no record of it).
    func state(of tx: Int) -> TransactionState?
}

/// A node's view of one transaction.
public enum TransactionState: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The coordinator has asked for votes and not decided yet.
    case voting
    /// A participant voted yes: it may no longer abort on its own.
    case prepared
    case committed
    case aborted
    public var description: String { rawValue }
    public var isDecided: Bool { self == .committed || self == .aborted }
}

/// The exercise's run parameters.
public struct TwoPhaseCommitConfig: Sendable, Hashable {
    /// Transactions a participant refuses (votes no on): `refusals[tx]` is the participant's node index.
    public var refusals: [Int: Int]
    /// nil for students; instructors' known-buggy variants of the reference solution read it.
    public var variant: String?

    public init(refusals: [Int: Int] = [:], variant: String? = nil) { self.refusals = refusals; self.variant = variant }

    /// The coordinator's node.
    public static let coordinator = NodeID(0)

    /// How participant `participant` votes on `tx`: yes unless the run says it refuses.
    public func votesYes(tx: Int, participant: NodeID) -> Bool { refusals[tx] != participant.index }

    /// The transaction a `begin TX` command starts, or nil if the text is not one.
    public static func transaction(in command: String) -> Int? {
        let words = command.split(separator: " ")
        guard words.count == 2, words[0] == "begin", let tx = Int(words[1]), tx > 0 else { return nil }
        return tx
    }

    /// The command the suite sends the coordinator.
    public static let commands = [CommandUsage("begin", ["TX"], example: "begin 1", help: "start transaction TX (coordinator n1 only)")]
}
