import ClusterSim

/// One client worker running the simulator's register workload on znodes
/// `/clusterlab/k0…`: read = `getData`; write = `setData` with version -1
/// (`create` when the znode does not exist yet); cas [expected, new] =
/// `getData`, then, if it holds `expected`, `setData` with the version read,
/// which ZooKeeper applies only if no write came between (`BadVersion`
/// otherwise). Values are decimal text.
///
/// Reads are served by the one server this client is connected to, from
/// its own copy, without asking a quorum: ZooKeeper promises sequential
/// consistency and a single system image, not that a read sees the latest
/// write ("Consistency Guarantees" in the Programmer's Guide,
/// https://zookeeper.apache.org/doc/r3.8.0/zookeeperProgrammers.html#ch_zkGuarantees:
/// "ZooKeeper does not guarantee that at every instance in time, two
/// different clients will have identical views of ZooKeeper data", and a
/// client that needs the latest value "should call sync() before
/// performing the read"). So a history from this client can rightly be
/// `not linearizable` because of a stale read; `syncBeforeRead` issues
/// `sync` before every read (and before a cas's read) to narrow that window.
///
/// Completions: `ok`; `fail` when the request certainly did not apply (no
/// session, an error code from the server, a cas that read another value);
/// `info` when a write or a cas's `setData` was sent and no answer came.
final class ZooKeeperRegisterClient: RealClient {
    let index: Int
    let addresses: [String]
    let connect: RealConnect
    let keys: Int
    let values: Int
    let syncBeforeRead: Bool
    private var random: SeededRandom
    private var server: Int
    private var session: ZooKeeperSession?
    private var lastZxid: Int64 = 0

    static let root = "/clusterlab"
    /// Per connect and per reply.
    static let ioTimeoutMs = 2000
    static let sessionTimeoutMs: Int32 = 6000

    init(index: Int, addresses: [String], connect: @escaping RealConnect, seed: UInt64,
         keys: Int = 3, values: Int = 5, syncBeforeRead: Bool = false) {
        self.index = index; self.addresses = addresses; self.connect = connect
        self.keys = keys; self.values = values; self.syncBeforeRead = syncBeforeRead
        self.random = SeededRandom(seed: seed)
        self.server = index % addresses.count
    }

    func nextOperation() -> HistoryOperation {
        let key = "k\(random.below(UInt64(keys)))"
        switch random.below(10) {
        case 0..<5: return HistoryOperation(process: index, type: .invoke, f: "read", key: key, value: .null)
        case 5..<8: return HistoryOperation(process: index, type: .invoke, f: "write", key: key, value: value())
        default: return HistoryOperation(process: index, type: .invoke, f: "cas", key: key, value: .list([value(), value()]))
        }
    }

    private func value() -> HistoryValue { .int(Int64(random.below(UInt64(values)))) }

    func perform(_ invoke: HistoryOperation) -> HistoryOperation {
        var done = invoke
        let session: ZooKeeperSession
        do { session = try ready() } catch {
            // Nothing was sent: the operation certainly did not happen.
            done.type = .fail; done.error = .string("\(error)")
            if invoke.f == "read" { done.value = .null }
            return done
        }
        let path = "\(Self.root)/\(invoke.key)"
        var sent = false  // whether a request that changes state went out
        do {
            switch (invoke.f, invoke.value) {
            case ("read", _):
                done.value = try read(session, path).value
            case ("write", let v):
                sent = true
                try write(session, path, v)
            case ("cas", .list(let pair)) where pair.count == 2:
                let (current, version) = try read(session, path)
                guard let version else {
                    done.type = .fail; done.error = .string("key-does-not-exist"); return done
                }
                guard current == pair[0] else {
                    done.type = .fail; done.error = .string("precondition-failed"); return done
                }
                sent = true
                try session.setData(path, data: Self.encode(pair[1]), version: version)
            default:
                done.type = .fail; done.error = .string("unknown operation \(invoke.f)")
                return done
            }
            done.type = .ok
        } catch {
            done.error = .string("\(error)")
            // Refused by the server, or never sent: it did not happen.
            done.type = sent && error.mayHaveApplied ? .info : .fail
            if error.endsSession { drop() }
            if invoke.f == "read" { done.value = .null }
        }
        lastZxid = max(lastZxid, session.lastZxid)
        return done
    }

    func close() {
        session?.close()
        session = nil
    }

    /// The value of `path` (null if absent) and its version (nil if absent).
    private func read(_ session: ZooKeeperSession, _ path: String) throws(ZooKeeperError) -> (value: HistoryValue, version: Int32?) {
        if syncBeforeRead { try session.sync(path) }
        do {
            let (data, stat) = try session.getData(path)
            return (Self.decode(data), stat.version)
        } catch .server(ZooKeeperError.noNode) {
            return (.null, nil)
        }
    }

    /// Sets `path` to `value`, creating it if it does not exist (each step is one atomic request).
    private func write(_ session: ZooKeeperSession, _ path: String, _ value: HistoryValue) throws(ZooKeeperError) {
        let data = Self.encode(value)
        do {
            try session.setData(path, data: data, version: -1)
        } catch .server(ZooKeeperError.noNode) {
            do { try session.create(path, data: data) } catch .server(ZooKeeperError.nodeExists) {
                try session.setData(path, data: data, version: -1)
            }
        }
    }

    /// A live session, opened (and /clusterlab created) if needed; pinged
    /// first when it has been idle for a third of its timeout, as the Java
    /// client does, so an expired session is found before an operation is sent.
    private func ready() throws(ZooKeeperError) -> ZooKeeperSession {
        if let session, !session.broken {
            guard session.idleMs > Int(session.timeoutMs) / 3 else { return session }
            do { try session.ping(); return session } catch { drop() }
        }
        do {
            let s = try ZooKeeperSession.open(host: addresses[server], connect: connect, ioTimeoutMs: Self.ioTimeoutMs,
                                              sessionTimeoutMs: Self.sessionTimeoutMs, lastZxidSeen: lastZxid)
            do { try s.create(Self.root, data: []) } catch .server(ZooKeeperError.nodeExists) {}
            session = s
            return s
        } catch {
            server = (server + 1) % addresses.count
            throw error
        }
    }

    /// Forgets a broken session and moves to the next server, as the Java client does on a connection loss.
    private func drop() {
        if let session { lastZxid = max(lastZxid, session.lastZxid) }
        session = nil
        server = (server + 1) % addresses.count
    }

    static func encode(_ value: HistoryValue) -> [UInt8] {
        if case .int(let v) = value { return Array(String(v).utf8) }
        return Array(value.description.utf8)
    }

    static func decode(_ data: [UInt8]) -> HistoryValue {
        let text = String(decoding: data, as: UTF8.self)
        return Int64(text).map(HistoryValue.int) ?? .string(text)
    }
}
