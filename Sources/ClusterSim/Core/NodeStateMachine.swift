/// A protocol's node: a pure state machine, in the etcd-raft and DSLabs model.
///
/// Every handler runs to completion, reads nothing but its own state and its
/// input, and expresses everything it wants done as effects on the context
/// (messages to send, timers, durable writes, log lines). The engine applies
/// them. This makes one engine step exactly one handler call, and makes every
/// protocol testable with no engine at all.
public protocol NodeStateMachine: Sendable {
    associatedtype Message: ProtocolMessage
    associatedtype TimerTag: Hashable & Sendable & CustomStringConvertible
    /// What survives a crash. The node declares it with `context.persist(_:)`.
    associatedtype Durable: Sendable = NoDurableState
    /// Per-run parameters, shared by every node.
    associatedtype Config: Sendable

    /// Makes a node that is starting for the first time (`durable == nil`) or
    /// restarting after a crash with what it had persisted.
    init(id: NodeID, layout: ClusterLayout, config: Config, durable: Durable?)

    mutating func start(_ context: inout NodeContext<Self>)
    mutating func receive(_ message: Message, from: NodeID, _ context: inout NodeContext<Self>)
    mutating func timerFired(_ tag: TimerTag, _ context: inout NodeContext<Self>)
    /// A command typed by a person (the interface's `r` key or `:request`),
    /// for example `write x 3`. Protocols without commands log that they ignore it.
    mutating func command(_ text: String, _ context: inout NodeContext<Self>)
    /// The commands `command` understands, with examples, for the interface's
    /// prompt, its Tab completion and its check (empty: the protocol takes none).
    static var commands: [CommandUsage] { get }
    /// The commands node `id` takes: `commands` at every node unless the
    /// protocol narrows it (clients that run their own workload take none),
    /// so the prompt refuses a command at a node that would only ignore it.
    static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage]

    /// How the interface shows this node: role, epoch, key fields.
    var summary: NodeSummary { get }

    /// Role, tone and epoch only; read after every step by lab predicates.
    /// The default takes them from `summary`: override it when the summary
    /// is expensive (a long log).
    var headline: NodeHeadline { get }

    /// The protocol's name as scenario files spell it (`raft`, `gossip`).
    static var protocolName: String { get }
}

extension NodeStateMachine {
    public var headline: NodeHeadline { summary.headline }
    public static var commands: [CommandUsage] { [] }
    public static func commands(at id: NodeID, in layout: ClusterLayout) -> [CommandUsage] { commands }

    public mutating func command(_ text: String, _ context: inout NodeContext<Self>) {
        context.log("ignores command '\(text)': this protocol takes none")
    }
}

/// What a protocol's messages tell the interface about themselves.
public protocol ProtocolMessage: Sendable, CustomStringConvertible {
    /// The message type's name, for example `AppendEntries`.
    var kind: String { get }
    /// Replies are drawn differently from requests.
    var isReply: Bool { get }
    /// Bytes the message takes on the wire, for links with a `rate`. The
    /// default is the length of its description, a stand-in for an encoding;
    /// a protocol whose messages carry payloads says what they weigh.
    var wireSize: Int { get }
}

extension ProtocolMessage {
    public var isReply: Bool { false }
    public var wireSize: Int { description.utf8.count }
}

/// The durable state of a protocol that keeps none.
public struct NoDurableState: Sendable, Hashable {
    public init() {}
}
