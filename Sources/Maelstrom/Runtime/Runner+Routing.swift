import ClusterSim

/// Where each message a node writes goes: to another node through the
/// network, to a client, to a service, or to the runner's control channel `c0`.
extension MaelstromRunner {
    func handleLine(_ host: NodeHost, _ line: [UInt8]) {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }  // blank lines carry nothing
        let message: MaelstromMessage
        do { message = try MaelstromMessage.parse(line: line) } catch {
            fail(node: host.name, problem: "wrote to stdout a line that is not a Maelstrom message: \(Self.quote(line))\n"
                 + "  problem: \(error)\n  (stdout carries only messages; write logs to stderr)")
            return
        }
        guard host.status != .crashed else { return }
        if message.src != host.name, !host.warnedAboutSource {
            host.warnedAboutSource = true
            warnings.append("\(host.name) sent a message with src \(message.src.debugDescription); it is routed as from \(host.name)")
        }
        let dest = message.dest
        if dest == "c0" { controlReply(host, message); return }
        if let to = nodeIndex[dest] {
            send(from: host.index, fromName: host.name, to: to, toName: dest, message: message, raw: line)
        } else if let c = layout.node(named: dest), layout.isClient(c) {
            send(from: host.index, fromName: host.name, to: c.index, toName: dest, message: message, raw: nil)
        } else if services[dest] != nil {
            stats.serviceCalls += 1
            recorder.nodeEvent(.log, time: now, node: host.index, text: "→ \(dest) \(MessageValue.object(message.body).encoded)")
            routeService(from: host.name, to: dest, after: { self.agenda.add(.serviceRequest(from: host.name, message: message), at: $0) })
        } else {
            stats.unknownDestinations += 1
            if stats.unknownDestinations <= 3 {
                warnings.append("\(host.name) sent a message to \(dest.debugDescription), which is no node, client or service; dropped")
            }
        }
    }

    /// A node or client message into the network: recorded, then delivered after its latency or dropped.
    func send(from: Int, fromName: String, to: Int, toName: String, message: MaelstromMessage, raw: [UInt8]?) {
        let bytes = raw ?? Array(message.encoded.utf8)
        let id = recorder.send(time: now, from: from, to: to, kind: message.type, bytes: bytes, isReply: message.inReplyTo != nil)
        if from < nodes.count {
            nodes[from].inFlight += 1
            if nodes[from].inFlight > options.maxInFlightPerNode {
                fail(node: fromName, problem: "flooded the network: more than \(options.maxInFlightPerNode) of its messages in flight at once")
                return
            }
        }
        if from < nodes.count, to < nodes.count { stats.serverMessages += 1 } else { stats.clientMessages += 1 }
        switch network.route(from: fromName, to: toName, random: &random) {
        case .drop(let reason):
            recorder.drop(time: now, message: id, reason: reason)
            if from < nodes.count { nodes[from].inFlight -= 1 }
        case .deliver(let after):
            let envelope = Envelope(id: id, message: message, raw: bytes)
            if after == 0 { immediate.append(envelope) } else { agenda.add(.deliver(envelope), at: now + after) }
        }
    }

    /// Services are outside partitions; only latency applies.
    func routeService(from: String, to: String, after schedule: (Int64) -> Void) {
        var link = network.link
        link.loss = 0
        schedule(now + max(0, link.latency.sample(&random)))
    }

    func deliver(_ envelope: Envelope) {
        let m = recorder.messages[Int(envelope.id)]
        if m.from < nodes.count { nodes[m.from].inFlight -= 1 }
        if droppedByHand.remove(envelope.id) != nil { return }  // recorded as dropped when it was
        if m.to < nodes.count {
            let host = nodes[m.to]
            guard host.status != .crashed, host.process != nil else {
                recorder.drop(time: now, message: envelope.id, reason: .crashed)
                return
            }
            recorder.deliver(time: now, message: envelope.id)
            host.enqueue(envelope.raw ?? Array(envelope.message.encoded.utf8))
            dirty.insert(host.index)
            // A paused node cannot read: its messages wait, as on a real network.
            if host.unwritten > options.maxUnreadBytes, host.status != .paused {
                fail(node: host.name, problem: "is not reading its stdin: \(host.unwritten) bytes of messages are waiting for it")
            }
        } else {
            recorder.deliver(time: now, message: envelope.id)
            clientReceived(client: m.to - nodes.count, envelope.message)
        }
    }

    func serviceRequest(from: String, _ message: MaelstromMessage) {
        guard var service = services[message.dest] else { return }
        var reply = service.handle(from: from, body: message.body, random: &random)
        services[message.dest] = service
        if let id = message.msgID { reply["in_reply_to"] = .int(id) }
        let answer = MaelstromMessage(src: message.dest, dest: from, body: reply)
        routeService(from: message.dest, to: from, after: { self.agenda.add(.serviceReply(to: from, message: answer), at: $0) })
    }

    func serviceReply(to: String, _ message: MaelstromMessage) {
        guard let i = nodeIndex[to] else { return }
        let host = nodes[i]
        guard host.status != .crashed, host.process != nil else { return }
        recorder.nodeEvent(.log, time: now, node: i, text: "← \(message.src) \(MessageValue.object(message.body).encoded)")
        host.enqueue(Array(message.encoded.utf8))
        dirty.insert(host.index)
    }

    /// Replies to the runner itself: init_ok, and the setup requests' replies.
    func controlReply(_ host: NodeHost, _ message: MaelstromMessage) {
        if let waiting = host.awaitingInit, message.inReplyTo == waiting {
            guard message.type == "init_ok" else {
                fail(node: host.name, problem: "answered init with \(message.type.debugDescription); expected init_ok")
                return
            }
            host.awaitingInit = nil
            recorder.nodeEvent(.start, time: now, node: host.index, text: "init_ok after \(DurationText.format(now - host.initSentAt))")
            return
        }
        if let id = message.inReplyTo, controlPending.remove(id) != nil {
            if message.type == "error" {
                warnings.append("\(host.name) answered setup with an error: \(MessageValue.object(message.body).encoded)")
            }
        }
    }
}
