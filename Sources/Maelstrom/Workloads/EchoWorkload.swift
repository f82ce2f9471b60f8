import ClusterSim

/// `echo`: `echo {echo}` → `echo_ok {echo}`; every reply must carry back
/// exactly what its request sent.
public struct EchoWorkload: MaelstromWorkload {
    public let name = "echo"
    private var counter: Int64 = 0

    public init() {}

    public mutating func nextRequest(process: Int, random: inout SeededRandom) -> WorkloadRequest {
        counter += 1
        let text = "Please echo \(counter)"
        return WorkloadRequest(f: "echo", value: .string(text), body: ["type": "echo", "echo": .string(text)])
    }

    public func completion(of request: WorkloadRequest, reply: [String: MessageValue]) -> WorkloadCompletion {
        guard reply["type"]?.string == "echo_ok" else { return .unexpected("expected echo_ok, got \(reply["type"]?.encoded ?? "no type")") }
        guard let echo = reply["echo"] else { return .unexpected("echo_ok without an \"echo\" field") }
        return .ok(echo)
    }

    public func check(_ history: [MaelstromOperation], context: CheckContext) -> MaelstromVerdict {
        var pending: [Int: MaelstromOperation] = [:]
        var anomalies: [String] = []
        var ok = 0
        for op in history {
            switch op.type {
            case .invoke: pending[op.process] = op
            case .ok:
                ok += 1
                if let sent = pending[op.process], sent.value != op.value {
                    anomalies.append("wrong echo: process \(op.process) sent \(sent.value.encoded) and got back \(op.value.encoded)")
                }
                pending[op.process] = nil
            case .fail, .info: pending[op.process] = nil
            }
        }
        if ok == 0 { anomalies.append("no echo completed: every request failed or timed out") }
        return MaelstromVerdict(valid: anomalies.isEmpty, anomalies: anomalies, figures: [("ok", String(ok))])
    }
}
