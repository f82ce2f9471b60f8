import ClusterSim
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The run's course: init, setup, the workload with its faults, healing,
/// a quiet period, the final reads; and the agenda's items as they fall due.
extension MaelstromRunner {
    func runDue() {
        var k = 0
        while failure == nil, k < immediate.count { deliver(immediate[k]); k += 1 }
        immediate.removeFirst(k)
        while failure == nil, let due = agenda.popDue(now) {
            switch due {
            case .deliver(let e): deliver(e)
            case .serviceRequest(let from, let m): serviceRequest(from: from, m)
            case .serviceReply(let to, let m): serviceReply(to: to, m)
            case .clientTick: clientTick()
            case .clientTimeout(let c, let id): clientTimeout(client: c, msgID: id)
            case .nemesis: nemesisMove()
            case .serviceTick: serviceTick()
            case .phaseDeadline(let p): deadline(p)
            }
        }
        // One write per node per round, however many messages it got.
        for i in dirty { nodes[i].flush() }
        dirty.removeAll(keepingCapacity: true)
    }

    func advancePhase() {
        guard failure == nil else { return }
        switch phase {
        case .initializing:
            guard nodes.allSatisfy({ $0.awaitingInit == nil }) else { return }
            phase = .setup
            for (node, body) in workload.setup(nodes: serverNames) {
                guard let i = nodeIndex[node] else { continue }
                nextControlID += 1
                controlPending.insert(nextControlID)
                var b = body
                b["msg_id"] = .int(nextControlID)
                recorder.nodeEvent(.log, time: now, node: i, text: "setup: \(MessageValue.object(b).encoded)")
                nodes[i].enqueue(Array(MaelstromMessage(src: "c0", dest: node, body: b).encoded.utf8))
                nodes[i].flush()
            }
            agenda.add(.phaseDeadline(.setup), at: now + micros(options.requestTimeout))
            advancePhase()
        case .setup:
            guard controlPending.isEmpty else { return }
            startWorkload()
        case .running, .quiet, .done:
            return
        case .healing:
            guard clients.allSatisfy({ $0.busy == nil }), nodes.allSatisfy({ $0.awaitingInit == nil }) else { return }
            phase = .quiet
            agenda.add(.phaseDeadline(.quiet), at: now + micros(workload.quietPeriod))
        case .finalReads:
            if finalQueue.isEmpty, clients.allSatisfy({ $0.busy == nil }) { phase = .done }
        }
    }

    func startWorkload() {
        phase = .running
        stats.workloadStartedAt = now
        scheduleTick()
        if !options.nemesis.isEmpty { agenda.add(.nemesis, at: now + micros(options.nemesisInterval)) }
        agenda.add(.serviceTick, at: now + 100_000)
        agenda.add(.phaseDeadline(.running), at: now + micros(options.timeLimit))
    }

    func deadline(_ p: Phase) {
        guard p == phase else { return }
        switch p {
        case .initializing:
            if let late = nodes.first(where: { $0.awaitingInit != nil }) {
                fail(node: late.name, problem: "did not answer init within \(DurationText.format(micros(options.initTimeout))); "
                     + "expected {\"src\": \"\(late.name)\", \"dest\": \"c0\", \"body\": {\"type\": \"init_ok\", \"in_reply_to\": \(late.awaitingInit!)}} on its stdout")
            }
        case .setup:
            warnings.append("\(controlPending.count) setup request(s) got no reply within \(DurationText.format(micros(options.requestTimeout)))")
            controlPending = []
            startWorkload()
        case .running:
            stats.workloadEndedAt = now
            endFaults()
            phase = .healing
        case .quiet:
            phase = .finalReads
            finalQueue = workload.finalRequests(nodes: serverNames).compactMap { r in nodeIndex[r.node].map { ($0, r.request) } }
            issueFinal()
        default: break
        }
    }

    func serviceTick() {
        for name in services.keys.sorted() { services[name]!.tick(random: &random) }
        for host in nodes where host.awaitingInit != nil && now - host.initSentAt > micros(options.initTimeout) && phase != .initializing {
            fail(node: host.name, problem: "did not answer init within \(DurationText.format(micros(options.initTimeout))) after a restart")
        }
        if phase != .done { agenda.add(.serviceTick, at: now + 100_000) }
    }
}
