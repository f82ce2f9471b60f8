import ClusterProtocols

/// A cluster-aware client's routing (https://redis.io/docs/reference/cluster-spec/,
/// "Redirection and resharding"): sends a key's command to the master it
/// believes serves the key's slot, learns from `-MOVED slot ip:port` (and
/// remembers the new owner), follows `-ASK slot ip:port` once with `ASKING`
/// (without remembering it), asks another node after `-CLUSTERDOWN`, and
/// gives up after `maxRedirects`.
public final class RedisClusterRouter {
    public let port: UInt16
    let addresses: [String]
    let connect: RealConnect
    let timeoutMs: Int
    let maxRedirects: Int
    /// slot -> address of the master that last claimed it.
    public private(set) var owners: [Int: String] = [:]
    private var connections: [String: RESPConnection] = [:]
    private var rotation: Int

    /// How a command ended, as far as the client can tell.
    public enum Outcome: Sendable, Hashable {
        /// The server that serves the slot answered (possibly with an error).
        case reply(RESPValue)
        /// Certainly not executed anywhere: no connection, or every answer was a redirection.
        case notSent(String)
        /// Sent, then no answer (a timeout, a closed connection): it may have happened.
        case unknown(String)
    }

    public init(addresses: [String], port: UInt16 = 6379, connect: @escaping RealConnect, timeoutMs: Int,
                maxRedirects: Int = 5, firstNode: Int = 0) {
        self.addresses = addresses; self.port = port; self.connect = connect
        self.timeoutMs = timeoutMs; self.maxRedirects = maxRedirects
        rotation = addresses.isEmpty ? 0 : firstNode % addresses.count
    }

    /// Runs `args` (a command on `key`) on the master that serves `key`'s slot.
    public func run(_ args: [String], key: String) -> Outcome {
        let slot = RedisHashSlot.slot(forKey: key)
        var target = owners[slot] ?? nextAddress()
        var asking = false
        var trail: [String] = []
        for attempt in 0...maxRedirects {
            guard let connection = connection(to: target) else {
                trail.append("\(target): no connection")
                owners[slot] = nil
                target = nextAddress(after: target)
                continue
            }
            do {
                if asking {
                    asking = false
                    if case .error(let e) = try connection.call("ASKING") { return .notSent("ASKING: \(e)") }
                }
                let reply = try connection.call(args)
                if case .error(let e) = reply, let (kind, redirect) = Self.redirection(e, from: target) {
                    if kind == "MOVED" { owners[slot] = redirect } else { asking = true }
                    trail.append("\(target): \(e)")
                    target = redirect
                    continue
                }
                if case .error(let e) = reply, e.hasPrefix("CLUSTERDOWN"), attempt < maxRedirects {
                    // Not executed: this node sees the slot unserved (it may be the
                    // cut-off side). Ask another node, which may know the new owner.
                    owners[slot] = nil
                    trail.append("\(target): \(e)")
                    target = nextAddress(after: target)
                    continue
                }
                return .reply(reply)
            } catch {
                drop(target)
                return .unknown("\(target): \(error)")
            }
        }
        var said = Set<String>()
        return .notSent("gave up after \(maxRedirects) redirections: " + trail.filter { said.insert($0).inserted }.joined(separator: "; "))
    }

    /// `MOVED 3999 127.0.0.1:6381` or `ASK …` -> ("MOVED", "127.0.0.1"); an
    /// empty host (an endpoint the server does not know) means the node asked.
    static func redirection(_ error: String, from asked: String) -> (String, String)? {
        let parts = error.split(separator: " ")
        guard parts.count == 3, parts[0] == "MOVED" || parts[0] == "ASK", Int(parts[1]) != nil else { return nil }
        let endpoint = String(parts[2])
        guard let colon = endpoint.lastIndex(of: ":") else { return nil }
        let host = String(endpoint[..<colon])
        return (String(parts[0]), host.isEmpty ? asked : host)
    }

    /// Forgets the connection to `address` (after a timeout it may carry a late reply).
    public func drop(_ address: String) {
        connections[address] = nil
    }

    public func close() { connections.removeAll() }

    private func connection(to address: String) -> RESPConnection? {
        if let c = connections[address] { return c }
        guard let tcp = try? connect(address, port, timeoutMs) else { return nil }
        let c = RESPConnection(address: address, tcp: tcp)
        connections[address] = c
        return c
    }

    /// The next node in turn, to ask when a slot's owner is unknown.
    private func nextAddress(after address: String? = nil) -> String {
        guard !addresses.isEmpty else { return "" }
        if let address, let i = addresses.firstIndex(of: address) { rotation = (i + 1) % addresses.count }
        defer { rotation = (rotation + 1) % addresses.count }
        return addresses[rotation]
    }
}
