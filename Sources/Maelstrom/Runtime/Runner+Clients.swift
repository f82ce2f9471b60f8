import ClusterSim

/// A workload client (`c1`…): one Jepsen process issuing one request at a
/// time to its node. After an indeterminate outcome (`info`) the process may
/// still be running its operation, so the client continues as a new process
/// (`process + concurrency`), as Jepsen does.
struct Client {
    var index: Int
    var process: Int
    /// Server index the client talks to.
    var node: Int
    var nextMsgID: Int64 = 0
    var busy: Outstanding?

    struct Outstanding {
        var msgID: Int64
        var request: WorkloadRequest
        var invokedAt: Int64
        var node: String
        var isFinal: Bool
    }
}

extension MaelstromRunner {
    var idleClients: [Int] { clients.indices.filter { clients[$0].busy == nil } }

    /// The rate's next moment: exponential gaps with mean 1/rate, from the
    /// seed, counted from the previous moment (not from when the loop got to
    /// it), so a busy loop's lateness does not lower the rate.
    func scheduleTick() {
        guard options.rate > 0 else { return }
        let gap = -log1pNeg(random.unit()) / options.rate
        nextTickAt = max(nextTickAt, stats.workloadStartedAt) + micros(min(gap, 60))
        agenda.add(.clientTick, at: nextTickAt)
    }

    func clientTick() {
        guard phase == .running else { return }
        scheduleTick()
        let idle = idleClients
        guard !idle.isEmpty else { stats.skippedRequests += 1; return }
        let c = idle[Int(random.below(UInt64(idle.count)))]
        let request = workload.nextRequest(process: clients[c].process, random: &random)
        issue(client: c, request: request, to: clients[c].node)
    }

    func issue(client c: Int, request: WorkloadRequest, to node: Int, isFinal: Bool = false) {
        clients[c].nextMsgID += 1
        let msgID = clients[c].nextMsgID
        let nodeName = nodes[node].name
        clients[c].busy = Client.Outstanding(msgID: msgID, request: request, invokedAt: now, node: nodeName, isFinal: isFinal)
        let op = MaelstromOperation(process: clients[c].process, type: .invoke, f: request.f, key: request.key,
                                    value: request.value, node: nodeName, isFinal: isFinal)
        recorder.operation(time: now, node: nodes.count + c, op)
        var body = request.body
        body["msg_id"] = .int(msgID)
        let name = "c\(c + 1)"
        send(from: nodes.count + c, fromName: name, to: node, toName: nodes[node].name,
             message: MaelstromMessage(src: name, dest: nodes[node].name, body: body), raw: nil)
        agenda.add(.clientTimeout(client: c, msgID: msgID), at: now + micros(options.requestTimeout))
    }

    func clientReceived(client c: Int, _ message: MaelstromMessage) {
        guard let out = clients[c].busy, message.inReplyTo == out.msgID else { stats.lateReplies += 1; return }
        if message.type == "error" {
            let code = message.body["code"]?.int ?? 1_000
            let name = MessageValue.string(MaelstromError.name(code))
            complete(client: c, MaelstromError.isDefinite(code) ? .fail : .info, value: out.request.value, error: name)
            return
        }
        switch workload.completion(of: out.request, reply: message.body) {
        case .ok(let value):
            complete(client: c, .ok, value: value, error: nil)
        case .unexpected(let why):
            stats.malformedReplies += 1
            if stats.malformedReplies <= 3 { warnings.append("\(nodes[clients[c].node].name) → c\(c + 1): \(why)") }
            complete(client: c, .info, value: out.request.value, error: .string("malformed reply: \(why)"))
        }
    }

    func clientTimeout(client c: Int, msgID: Int64) {
        guard let out = clients[c].busy, out.msgID == msgID else { return }
        complete(client: c, .info, value: out.request.value, error: .string("timeout"))
    }

    func complete(client c: Int, _ type: HistoryOperation.Kind, value: MessageValue, error: MessageValue?) {
        guard let out = clients[c].busy else { return }
        let op = MaelstromOperation(process: clients[c].process, type: type, f: out.request.f, key: out.request.key,
                                    value: value, error: error, node: out.node, isFinal: out.isFinal)
        recorder.operation(time: now, node: nodes.count + c, op)
        workload.observe(op)
        stats.record(f: out.request.f, type, latency: now - out.invokedAt)
        clients[c].busy = nil
        if type == .info { clients[c].process += clients.count }
        if phase == .finalReads { issueFinal() }
    }

    /// Hands queued final requests to idle clients.
    func issueFinal() {
        for c in idleClients {
            guard !finalQueue.isEmpty else { return }
            let next = finalQueue.removeFirst()
            issue(client: c, request: next.request, to: next.node, isFinal: true)
        }
    }
}

import Foundation
func log1pNeg(_ u: Double) -> Double { Foundation.log1p(-u) }
