import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The run's own network: one namespace per server, per client and for the
/// observer that reads the nodes' state, all joined by a bridge in a hub
/// namespace, on 10.77.0.0/24. No namespace has a default route and none is
/// joined to the machine's own network, so nothing can leave the machine;
/// every address exists only inside the run's namespaces, which `destroy()`
/// (or the run's guard, if clusterlab dies) removes.
///
/// Partitions and one-way cuts are blackhole routes inside the senders'
/// namespaces: a node that tries to reach a peer across a partition fails
/// at once, the peer never hears from it. TCP needs both directions, so a
/// one-way cut ends connections either side opens; the interface says so.
public final class RealNetwork {
    /// Every namespace's name starts with it (`cl4711`): the process id makes runs distinct.
    public let prefix: String
    /// Server names (`n1…`), then client names (`c1…`).
    public let servers: [String]
    public let clients: [String]
    public static let observer = "obs"
    /// Blackholed destinations per namespace member, as applied now.
    private var blocked: [String: Set<String>] = [:]
    public private(set) var isUp = false

    public init(prefix: String, servers: [String], clients: [String]) {
        self.prefix = prefix; self.servers = servers; self.clients = clients
    }

    /// The namespace a member lives in.
    public func namespace(of member: String) -> String { "\(prefix)-\(member)" }
    public var hub: String { "\(prefix)-hub" }
    /// Every namespace of the run (the hub first).
    public var namespaces: [String] { [hub] + members.map(namespace(of:)) }
    var members: [String] { servers + clients + [Self.observer] }

    /// The member's address: servers from .11, clients from .101, the observer .250.
    public func address(of member: String) -> String {
        if let i = servers.firstIndex(of: member) { return "10.77.0.\(11 + i)" }
        if let i = clients.firstIndex(of: member) { return "10.77.0.\(101 + i)" }
        return "10.77.0.250"
    }
    public var serverAddresses: [String] { servers.map(address(of:)) }

    /// Makes the namespaces, the bridge and one veth per member; on any
    /// failure removes what it made and throws.
    public func create() throws {
        precondition(servers.count <= 80 && clients.count <= 140)
        do {
            try IPCommand.run([], batch: namespaces.map { "netns add \($0)" })
            isUp = true
            var hubLines = ["link set lo up", "link add br0 type bridge", "link set br0 up"]
            for (k, m) in members.enumerated() {
                hubLines.append("link add v\(k) type veth peer name eth0 netns \(namespace(of: m))")
                hubLines.append("link set v\(k) master br0 up")
            }
            try IPCommand.run(["-n", hub], batch: hubLines)
            for m in members {
                try IPCommand.run(["-n", namespace(of: m)],
                                  batch: ["link set lo up", "addr add \(address(of: m))/24 dev eth0", "link set eth0 up"])
            }
        } catch {
            destroy()
            throw error
        }
    }

    /// Removes every namespace of the run (their veths and the bridge go with them). Safe to call twice.
    public func destroy() {
        for ns in namespaces where FileManager.default.fileExists(atPath: "/run/netns/\(ns)") {
            _ = try? IPCommand.run(["netns", "del", ns])
        }
        isUp = false
        blocked = [:]
    }

    /// Makes `member`'s sockets: a connector whose connections start in its namespace.
    public func connector(from member: String) -> RealConnect {
        let ns = namespace(of: member)
        return { host, port, timeout in
            let fd = try NamespaceSocket.tcpSocket(inNamespace: ns)
            do {
                try TCPConnection.connect(fd: fd, host: host, port: port, timeoutMs: timeout)
            } catch {
                close(fd)
                throw error
            }
            return TCPConnection(connected: fd, timeoutMs: timeout)
        }
    }

    /// Applies a network shape: `groups` (servers in no group form one more
    /// group; clients in no group reach everyone) and one-way `cuts`.
    /// Only the namespaces whose routes change are touched.
    public func apply(groups: [[String]]?, cuts: [(from: String, to: String)]) throws {
        var want: [String: Set<String>] = [:]
        if let groups {
            var all = groups
            let named = Set(groups.flatMap { $0 })
            let rest = servers.filter { !named.contains($0) }
            if !rest.isEmpty { all.append(rest) }
            var side: [String: Int] = [:]
            for (g, part) in all.enumerated() { for m in part { side[m] = g } }
            for a in servers + clients {
                for b in servers + clients where a != b {
                    if let x = side[a], let y = side[b], x != y { want[a, default: []].insert(b) }
                }
            }
        }
        for c in cuts { want[c.from, default: []].insert(c.to) }
        for m in servers + clients where (want[m] ?? []) != (blocked[m] ?? []) {
            var lines = ["route flush type blackhole"]
            lines += (want[m] ?? []).sorted().map { "route add blackhole \(address(of: $0))/32" }
            try IPCommand.run(["-n", namespace(of: m)], batch: lines)
            blocked[m] = want[m] ?? []
        }
    }

    /// Which destinations `member` cannot reach now.
    public func unreachable(from member: String) -> Set<String> { blocked[member] ?? [] }
}
