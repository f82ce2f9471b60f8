/// One thing that happened in a run, as the trace stores it: 48 bytes, no
/// references, so a run of millions of events stays compact.
///
/// Vector clocks are not stored per event. A delivery records which message it
/// delivered, and the message which event sent it, so `VectorClockIndex` can
/// rebuild the vector clock of any event exactly (see its documentation).
public struct TraceEvent: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, CaseIterable, Codable {
        case start, send, deliver, drop, timer, crash, restart, pause, resume
        case partition, heal, link, invoke, ok, fail, info, log, state, command, delay

        /// The name used in exports and filters.
        public var name: String {
            switch self {
            case .start: return "start"
            case .send: return "send"
            case .deliver: return "deliver"
            case .drop: return "drop"
            case .timer: return "timer"
            case .crash: return "crash"
            case .restart: return "restart"
            case .pause: return "pause"
            case .resume: return "resume"
            case .partition: return "partition"
            case .heal: return "heal"
            case .link: return "link"
            case .invoke: return "invoke"
            case .ok: return "ok"
            case .fail: return "fail"
            case .info: return "info"
            case .log: return "log"
            case .state: return "state"
            case .command: return "command"
            case .delay: return "delay"
            }
        }

        public init?(name: String) {
            guard let k = Kind.allCases.first(where: { $0.name == name }) else { return nil }
            self = k
        }
    }

    /// Why a message was dropped (stored in `detail` of a drop event).
    public enum DropReason: Int32, Sendable {
        case lost = 0, partition = 1, crashed = 2, user = 3
        public var name: String {
            switch self {
            case .lost: return "lost"
            case .partition: return "partition"
            case .crashed: return "crashed"
            case .user: return "dropped by user"
            }
        }
    }

    public static let byUser: UInt8 = 1
    /// An action a lab's script took (recorded like a person's, labelled apart).
    public static let byLab: UInt8 = 4
    /// Network and cluster events (drops, partitions) are not events of any
    /// node's process: they tick no clock.
    public static let noClock: UInt8 = 2

    /// Virtual time, microseconds.
    public var time: Int64
    /// The node's Lamport clock after this event (0 for clockless events).
    public var lamport: Int64
    /// The engine step that produced this event.
    public var step: Int64
    /// The message sent, delivered or dropped; -1 otherwise.
    public var message: Int64
    /// The node the event happened at; -1 for the whole cluster.
    public var node: Int32
    /// The other end of a message, or the other node of a link; -1 otherwise.
    public var peer: Int32
    /// Kind-specific: an index into the trace's text or history tables, or a `DropReason`.
    public var detail: Int32
    public var kind: Kind
    public var flags: UInt8

    public var isByUser: Bool { flags & TraceEvent.byUser != 0 }
    public var isByLab: Bool { flags & TraceEvent.byLab != 0 }
    /// Who took an action, as the event log labels it: `  [user]`, `  [lab]`, or nothing.
    public var actorLabel: String { isByLab ? "  [lab]" : isByUser ? "  [user]" : "" }
    public var ticksClock: Bool { flags & TraceEvent.noClock == 0 && node >= 0 }
}
