import Foundation
import Glibc
import Testing
@testable import RealSystems

/// The HTTP/1.1 reading under the etcd gateway client, fed bytes through a
/// socket pair: a Content-Length body, a chunked body with gRPC's trailer,
/// two responses on one kept-alive connection, and a response cut short.
@Suite struct EtcdHTTPTests {
    /// A connection whose peer writes `bytes` (then closes when `close`).
    func connection(serving bytes: String, close: Bool = true) -> TCPConnection {
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let data = Array(bytes.utf8)
        _ = data.withUnsafeBytes { send(fds[1], $0.baseAddress, $0.count, 0) }
        if close { Glibc.close(fds[1]) }
        var tv = timeval(tv_sec: 0, tv_usec: 200_000)
        setsockopt(fds[0], SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        return TCPConnection(connected: fds[0], timeoutMs: 200)
    }

    @Test func aContentLengthBodyIsReadExactly() throws {
        let c = connection(serving: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}EXTRA")
        let (response, keepAlive) = try EtcdHTTPConnection.readResponse(from: c)
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"a\":1}")
        #expect(keepAlive)
    }

    @Test func aChunkedBodyWithTrailersIsJoined() throws {
        // As etcd's gateway sends an error: chunks, then gRPC's trailer, then a blank line.
        let wire = "HTTP/1.1 503 Service Unavailable\r\nTrailer: Grpc-Trailer-Content-Type\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\n{\"err\r\n" + "a;ext=1\r\nor\":\"x\",1}\r\n" + "0\r\nGrpc-Trailer-Content-Type: application/grpc\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
        let c = connection(serving: wire)
        let (first, _) = try EtcdHTTPConnection.readResponse(from: c)
        #expect(first.status == 503)
        #expect(String(decoding: first.body, as: UTF8.self) == "{\"error\":\"x\",1}")
        // The trailer was consumed: the next response on the connection starts clean.
        let (second, _) = try EtcdHTTPConnection.readResponse(from: c)
        #expect(second.status == 200)
        #expect(String(decoding: second.body, as: UTF8.self) == "{}")
    }

    @Test func connectionCloseEndsKeepAlive() throws {
        let c = connection(serving: "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
        let (_, keepAlive) = try EtcdHTTPConnection.readResponse(from: c)
        #expect(!keepAlive)
    }

    @Test func aBodyCutShortIsAnErrorNotAShortAnswer() {
        let c = connection(serving: "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"partial\"")
        #expect(throws: TCPConnection.Failure.self) { try EtcdHTTPConnection.readResponse(from: c) }
    }

    @Test func aSilentPeerTimesOut() {
        let c = connection(serving: "", close: false)
        do {
            _ = try EtcdHTTPConnection.readResponse(from: c)
            Issue.record("read an answer from a silent peer")
        } catch let f as TCPConnection.Failure {
            #expect(f.kind == .timeout)
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func garbageIsMalformed() {
        let c = connection(serving: "SSH-2.0-OpenSSH\r\n\r\n")
        #expect(throws: EtcdHTTPConnection.Malformed.self) { try EtcdHTTPConnection.readResponse(from: c) }
    }

    @Test func aStatusAnswerParsesAsTheGatewayWritesIt() throws {
        // Captured from etcd 3.4.23 on loopback: 64-bit fields are strings, IDs exceed Int64.
        let raw = #"{"header":{"cluster_id":"5064023349658610189","member_id":"14721862672800048168","revision":"1","raft_term":"2"},"version":"3.4.23","dbSize":"20480","leader":"14721862672800048168","raftIndex":"8","raftTerm":"2","raftAppliedIndex":"7","dbSizeInUse":"16384"}"#
        let json = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as! [String: Any]
        let status = EtcdStatus(json: json, raw: raw)
        #expect(status.memberID == "14721862672800048168")
        #expect(status.leaderID == "14721862672800048168")
        #expect(status.raftTerm == 2 && status.raftIndex == 8 && status.raftAppliedIndex == 7)
        // A member that knows no leader leaves `leader` out and says so in `errors`.
        let lost = #"{"header":{"member_id":"7"},"raftIndex":"12","raftTerm":"2","raftAppliedIndex":"12","errors":["etcdserver: no leader"]}"#
        let noLeader = EtcdStatus(json: try JSONSerialization.jsonObject(with: Data(lost.utf8)) as! [String: Any], raw: lost)
        #expect(noLeader.leaderID == nil)
        #expect(noLeader.errors == ["etcdserver: no leader"])
    }
}
