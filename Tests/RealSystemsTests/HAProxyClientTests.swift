import ClusterSim
import Foundation
import Testing
@testable import RealSystems
#if canImport(Glibc)
import Glibc
#endif

/// The HAProxy client against a scripted balancer on 127.0.4.40:80: what it
/// records for an answer, and what it does when a kept-alive connection
/// closes under a request (HAProxy does that when the server dies mid-request).
@Suite(.serialized, .enabled(if: geteuid() == 0, "needs root to listen on port 80"))
struct HAProxyClientTests {
    /// Accepts connections in turn and plays `script`: per connection, what to do with each request read.
    final class ScriptedBalancer: @unchecked Sendable {
        enum Move { case answer(String), close }
        let listener: Int32
        init(_ script: [[Move]]) throws {
            let server = try HTTPBackendServerListener.make(address: "127.0.4.40", port: 80)
            listener = server
            Thread.detachNewThread {
                for moves in script {
                    let fd = accept(server, nil, nil)
                    guard fd >= 0 else { return }
                    let connection = TCPConnection(connected: fd, timeoutMs: 5000)
                    for move in moves {
                        guard (try? HTTPRequestHead.read(from: connection)) != nil else { break }
                        guard case .answer(let backend) = move else { break }
                        try? connection.write("HTTP/1.1 200 OK\r\nX-Backend: \(backend)\r\nContent-Length: 3\r\n\r\nok\n")
                    }
                }
            }
        }
        /// shutdown wakes the thread blocked in accept (close alone would leave the socket listening).
        deinit { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }
    }

    func client() -> HAProxyClient {
        HAProxyClient(index: 0, balancer: "127.0.4.40", connect: TCPConnection.direct, seed: 1, timeoutMs: 3000)
    }

    @Test func aRequestOnAKeptAliveConnectionThatClosesUnansweredIsSentAgainOnANewOne() throws {
        let balancer = try ScriptedBalancer([[.answer("n2"), .close], [.answer("n3")]])
        let c = client()
        let first = c.perform(c.nextOperation())
        #expect(first.type == .ok && first.value.description.contains("n2"), "\(first)")
        let second = c.perform(c.nextOperation())
        #expect(second.type == .ok && second.value.description.contains("n3"), "\(second)")
        _ = balancer
    }

    @Test func aNewConnectionThatClosesUnansweredIsInfoNotRetried() throws {
        let balancer = try ScriptedBalancer([[.close], [.answer("n2")]])
        let c = client()
        let op = c.perform(c.nextOperation())
        #expect(op.type == .info, "\(op)")
        _ = balancer
    }
}
