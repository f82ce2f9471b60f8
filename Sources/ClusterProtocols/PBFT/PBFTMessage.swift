import ClusterSim

/// A client's operation: `op` from `client`, numbered by the client's
/// timestamp `t` (§4.1). Clients sign requests in the paper, so a faulty
/// primary cannot invent one; here it can only reorder or withhold those it
/// received.
public struct PBFTRequest: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var client: Int
    public var timestamp: Int
    public var op: String

    public init(client: Int, timestamp: Int, op: String) {
        self.client = client; self.timestamp = timestamp; self.op = op
    }

    public var digest: PBFTDigest { PBFTDigest(text: op) }
    public var description: String { "\(op)" }
    public static func < (a: PBFTRequest, b: PBFTRequest) -> Bool {
        (a.client, a.timestamp, a.op) < (b.client, b.timestamp, b.op)
    }
}

/// D(m), the digest of a request. Modelled as the request's text (ops are
/// unique per client and timestamp); a forged digest matches no request.
public struct PBFTDigest: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var text: String
    public init(text: String) { self.text = text }
    /// The digest a lying replica votes for when it knows no other request.
    public static let forged = PBFTDigest(text: "forged")
    public var description: String { "d(\(text))" }
    public static func < (a: PBFTDigest, b: PBFTDigest) -> Bool { a.text < b.text }
}

/// Everything PBFT's clients and replicas say to each other (§4.2). The
/// sender is not in the message: it is the id the network reports, which a
/// Byzantine replica cannot forge (our model of authenticated channels).
public enum PBFTMessage: ProtocolMessage, Hashable {
    /// ⟨REQUEST, o, t, c⟩ from a client to the primary.
    case request(PBFTRequest)
    /// ⟨⟨PRE-PREPARE, v, n, d⟩, m⟩: the primary assigns sequence number `n`.
    case prePrepare(view: Int, seq: Int, request: PBFTRequest)
    /// ⟨PREPARE, v, n, d, i⟩ multicast by a backup that accepted the pre-prepare.
    case prepare(view: Int, seq: Int, digest: PBFTDigest)
    /// ⟨COMMIT, v, n, D(m), i⟩ multicast by a prepared replica.
    case commit(view: Int, seq: Int, digest: PBFTDigest)
    /// ⟨REPLY, v, t, c, i, r⟩ to the client once the request is executed.
    case reply(view: Int, timestamp: Int, result: String)

    public var kind: String {
        switch self {
        case .request: return "Request"
        case .prePrepare: return "PrePrepare"
        case .prepare: return "Prepare"
        case .commit: return "Commit"
        case .reply: return "Reply"
        }
    }

    public var isReply: Bool { if case .reply = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .request(let r): return "Request(\(r.op), t\(r.timestamp))"
        case let .prePrepare(v, n, r): return "PrePrepare(v\(v), #\(n), \(r.digest))"
        case let .prepare(v, n, d): return "Prepare(v\(v), #\(n), \(d))"
        case let .commit(v, n, d): return "Commit(v\(v), #\(n), \(d))"
        case let .reply(v, t, r): return "Reply(v\(v), t\(t), \(r))"
        }
    }
}
