import Foundation

/// etcd 3.4's JSON gRPC gateway on a member's client port: the few calls
/// ClusterLab makes, over one kept-alive HTTP/1.1 connection.
///
/// The gateway maps etcd's protobuf messages to JSON: keys and values are
/// bytes, so base64; 64-bit integers are strings; fields equal to their
/// default (false, 0, empty) are left out (a failed txn has no `succeeded`).
/// Paths and field names: https://etcd.io/docs/v3.4/dev-guide/api_grpc_gateway/
/// and etcdserver/etcdserverpb/rpc.proto (v3.4). An error comes back as a
/// non-200 status with `{"error", "message", "code"}` (gRPC's code).
final class EtcdGateway {
    static let clientPort: UInt16 = 2379
    private let http: EtcdHTTPConnection

    init(host: String, timeoutMs: Int, connect: @escaping RealConnect) {
        http = EtcdHTTPConnection(host: host, port: Self.clientPort, timeoutMs: timeoutMs, connect: connect)
    }

    var host: String { http.host }

    /// The gateway answered with an error (`etcdserver: request timed out`, `no leader`).
    struct ServerError: Error, CustomStringConvertible, Sendable {
        var httpStatus: Int
        var grpcCode: Int?
        var message: String
        var description: String { "etcd: \(message) (HTTP \(httpStatus)\(grpcCode.map { ", code \($0)" } ?? ""))" }
    }

    /// `/v3/maintenance/status`: what this member believes about raft.
    func status() throws -> EtcdStatus {
        let (json, text) = try call("/v3/maintenance/status", [:])
        return EtcdStatus(json: json, raw: text)
    }

    /// `/v3/cluster/member/list`: member IDs (decimal strings, as the gateway writes uint64) and names.
    func members() throws -> [(id: String, name: String)] {
        let (json, _) = try call("/v3/cluster/member/list", [:])
        let list = json["members"] as? [[String: Any]] ?? []
        return list.compactMap { m in
            guard let id = Self.uint(m["ID"]) else { return nil }
            return (String(id), m["name"] as? String ?? "")
        }
    }

    /// `/v3/kv/put`.
    func put(_ key: String, _ value: String) throws {
        _ = try call("/v3/kv/put", ["key": Self.base64(key), "value": Self.base64(value)])
    }

    /// `/v3/kv/range` of one key: its value, nil when absent. `serializable:
    /// false` (the default, sent explicitly) makes it a linearizable read:
    /// the member confirms with a quorum (ReadIndex) before answering.
    func get(_ key: String, serializable: Bool = false) throws -> String? {
        let (json, _) = try call("/v3/kv/range", ["key": Self.base64(key), "serializable": serializable])
        guard let kvs = json["kvs"] as? [[String: Any]], let first = kvs.first else { return nil }
        guard let encoded = first["value"] as? String else { return "" }  // an empty value is left out
        return try Self.unbase64(encoded)
    }

    /// `/v3/kv/txn`: if `key`'s value equals `expected`, put `new`. Returns
    /// whether the compare held (etcd fails a VALUE compare on an absent key).
    func compareAndSwap(_ key: String, expected: String, new: String) throws -> Bool {
        let k = Self.base64(key)
        let body: [String: Any] = [
            "compare": [["key": k, "target": "VALUE", "result": "EQUAL", "value": Self.base64(expected)]],
            "success": [["requestPut": ["key": k, "value": Self.base64(new)]]],
        ]
        let (json, _) = try call("/v3/kv/txn", body)
        return json["succeeded"] as? Bool ?? false
    }

    func close() { http.close() }

    /// POSTs `body` as JSON; the answer's JSON object and text, or throws
    /// `EtcdHTTPConnection.Failure`, `ServerError` or `EtcdHTTPConnection.Malformed`.
    private func call(_ path: String, _ body: [String: Any]) throws -> ([String: Any], String) {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let response = try http.post(path, body: Array(data))
        let text = String(decoding: response.body, as: UTF8.self)
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        guard response.status == 200 else {
            let message = json?["message"] as? String ?? json?["error"] as? String ?? String(text.prefix(200))
            throw ServerError(httpStatus: response.status, grpcCode: (json?["code"] as? NSNumber)?.intValue, message: message)
        }
        guard let json else { throw EtcdHTTPConnection.Malformed(description: "\(path): not a JSON object: \(text.prefix(120))") }
        return (json, text)
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    static func unbase64(_ text: String) throws -> String {
        guard let data = Data(base64Encoded: text) else { throw EtcdHTTPConnection.Malformed(description: "not base64: \(text.prefix(40))") }
        return String(decoding: data, as: UTF8.self)
    }

    /// A uint64 as the gateway writes it (a decimal string), or a JSON number.
    static func uint(_ any: Any?) -> UInt64? {
        if let s = any as? String { return UInt64(s) }
        if let n = any as? NSNumber { return n.uint64Value }
        return nil
    }
}

/// One member's `StatusResponse` (rpc.proto, v3.4): `leader` is the member
/// ID it believes leads (0, left out, when it knows none); `raftIndex` its
/// committed index, `raftAppliedIndex` its applied index, `raftTerm` its term.
struct EtcdStatus: Sendable, Hashable {
    /// `header.member_id`: who answered.
    var memberID: String
    /// nil when the member knows no leader.
    var leaderID: String?
    var raftTerm: UInt64
    var raftIndex: UInt64
    var raftAppliedIndex: UInt64
    var version: String
    var isLearner: Bool
    /// `errors`: alarms and "etcdserver: no leader".
    var errors: [String]
    /// The JSON as the gateway sent it.
    var raw: String

    init(memberID: String, leaderID: String?, raftTerm: UInt64, raftIndex: UInt64, raftAppliedIndex: UInt64,
         version: String = "", isLearner: Bool = false, errors: [String] = [], raw: String = "") {
        self.memberID = memberID; self.leaderID = leaderID; self.raftTerm = raftTerm; self.raftIndex = raftIndex
        self.raftAppliedIndex = raftAppliedIndex; self.version = version; self.isLearner = isLearner; self.errors = errors; self.raw = raw
    }

    init(json: [String: Any], raw: String) {
        let header = json["header"] as? [String: Any] ?? [:]
        let leader = EtcdGateway.uint(json["leader"]) ?? 0
        self.init(memberID: EtcdGateway.uint(header["member_id"]).map { String($0) } ?? "?",
                  leaderID: leader == 0 ? nil : String(leader),
                  raftTerm: EtcdGateway.uint(json["raftTerm"]) ?? 0,
                  raftIndex: EtcdGateway.uint(json["raftIndex"]) ?? 0,
                  raftAppliedIndex: EtcdGateway.uint(json["raftAppliedIndex"]) ?? 0,
                  version: json["version"] as? String ?? "",
                  isLearner: json["isLearner"] as? Bool ?? false,
                  errors: json["errors"] as? [String] ?? [],
                  raw: raw)
    }
}
