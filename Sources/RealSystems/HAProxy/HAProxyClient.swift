import ClusterSim
import Foundation

/// One client of the HAProxy run: HTTP/1.1 GETs through the balancer on its
/// own kept-alive connection (a new one after the balancer closes it or an
/// error). Each request is recorded as f `request`, key its path; `ok` with
/// value `[backend, latency µs]`; `fail` with the HTTP status when an answer
/// came back that is not 2xx, or when the connection was refused (nothing
/// sent); `info` when the request was sent and no answer came (a timeout, a
/// closed connection).
public final class HAProxyClient: RealClient {
    let index: Int
    let balancer: String
    let connect: RealConnect
    let timeoutMs: Int
    /// Where answered requests' latencies go for the live figures (n1's p99).
    let latencies: ClientLatencies?
    private var random: SeededRandom
    private var connection: TCPConnection?

    /// Paths are /item/0 … /item/(paths-1): enough for `uri` hashing to spread them.
    static let paths: UInt64 = 1000

    public init(index: Int, balancer: String, connect: @escaping RealConnect, seed: UInt64,
                timeoutMs: Int = 8000, latencies: ClientLatencies? = nil) {
        self.index = index; self.balancer = balancer; self.connect = connect; self.timeoutMs = timeoutMs
        self.latencies = latencies
        random = SeededRandom(seed: seed)
    }

    public func nextOperation() -> HistoryOperation {
        HistoryOperation(process: index, type: .invoke, f: "request", key: "/item/\(random.below(Self.paths))", value: .null)
    }

    public func perform(_ invoke: HistoryOperation) -> HistoryOperation {
        var done = invoke
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let response = try exchange(invoke.key)
            if response.closes { connection = nil }
            let micros = Int64((DispatchTime.now().uptimeNanoseconds - start) / 1000)
            let backend = response.headers["x-backend"] ?? "?"
            guard (200..<300).contains(response.status) else {
                done.type = .fail
                done.error = .string("HTTP \(response.status) from \(backend == "?" ? "haproxy" : backend)")
                return done
            }
            done.type = .ok
            latencies?.record(backend: backend, micros: micros)
            done.value = .list([.string(backend), .int(micros)])
        } catch ExchangeFailure.notSent(let error) {
            done.type = error.isTimeout ? .info : .fail   // a connect that timed out may still land
            done.error = .string("connect: \(error)")
        } catch ExchangeFailure.sent(let error) {
            done.type = .info
            done.error = .string("\(error)")
        } catch {
            done.type = .info
            done.error = .string("\(error)")
        }
        return done
    }

    /// Whether the request left this client.
    enum ExchangeFailure: Error { case notSent(Error), sent(Error) }

    /// Sends the GET and reads its answer. A kept-alive connection that
    /// closes before any answer gets the request once more on a new
    /// connection, as HTTP clients may do for an idempotent request (RFC 9112
    /// section 9.3.1); HAProxy closes the client's connection to ask for
    /// exactly that when a server connection fails under the request (its
    /// manual, `http-reuse safe`: "the browser can decide to silently retry it").
    func exchange(_ path: String) throws -> HTTPResponse {
        let reused = connection != nil
        let conn: TCPConnection
        do { conn = try connection ?? connect(balancer, HAProxyConfig.frontendPort, timeoutMs) } catch { throw ExchangeFailure.notSent(error) }
        connection = conn
        let statusLine: String
        do {
            try conn.write("GET \(path) HTTP/1.1\r\nHost: \(balancer)\r\nUser-Agent: clusterlab-client-\(index)\r\n\r\n")
            statusLine = try conn.readLine()
        } catch let failure as TCPConnection.Failure where reused && failure.kind == .closed {
            connection = nil
            return try exchange(path)
        } catch {
            connection = nil
            throw ExchangeFailure.sent(error)
        }
        do { return try HTTPResponse.read(statusLine: statusLine, from: conn) } catch {
            connection = nil
            throw ExchangeFailure.sent(error)
        }
    }

    public func close() { connection = nil }
}

extension Error {
    /// True for a TCP timeout (the peer may have acted on what it got).
    var isTimeout: Bool { (self as? TCPConnection.Failure)?.kind == .timeout }
}
