/// Maelstrom's kafka workload: append-only logs by key, read by polling
/// from an offset. The history follows Jepsen's queue micro-ops
/// (jepsen.tests.kafka): a call's value is a list of
/// `["send", key, msg]` (ok: `["send", key, [offset, msg]]`) and
/// `["poll"]` (ok: `["poll", {key: [[offset, msg], ...]}]`); other micro-ops
/// (commits, assigns) are ignored. Checked:
/// - `inconsistent-offset`: one offset of a key holding two different messages;
/// - `lost-write`: an acknowledged send never polled though some poll saw a later offset of its key;
/// - `nonmonotonic-poll`: offsets of a key not increasing within one poll, or
///   a client's next poll of a key starting at or before where its last one ended;
/// - `skip`: a poll (or a client's consecutive polls) stepping over an offset known to exist.
/// Final polls (`final?`, made from offset 0 after the faults stopped) are
/// judged within themselves, not against the client's earlier polls.
public enum KafkaChecker {
    struct Record { var offset: Int64; var msg: OpValue }

    public static func check(_ ops: [ClientOp]) throws -> WorkloadVerdict {
        let calls = try ClientHistoryFile.calls(ops)
        var anomalies: [WorkloadAnomaly] = []
        var sends: [(key: OpValue, record: Record, line: Int)] = []
        var polls: [(call: ClientCall, logs: [(key: OpValue, records: [Record])])] = []
        for c in calls where c.outcome == .ok {
            for mop in c.value.list ?? [] {
                guard let parts = mop.list, let f = parts.first?.string else { continue }
                if f == "send", parts.count == 3, let pair = parts[2].list, pair.count == 2, let offset = pair[0].int {
                    sends.append((parts[1], Record(offset: offset, msg: pair[1]), c.line))
                } else if f == "poll", parts.count == 2, let byKey = parts[1].object {
                    let logs = byKey.keys.sorted().map { key in
                        (OpValue.string(key), (byKey[key]!.list ?? []).compactMap { r -> Record? in
                            guard let p = r.list, p.count == 2, let o = p[0].int else { return nil }
                            return Record(offset: o, msg: p[1])
                        })
                    }
                    polls.append((c, logs))
                }
            }
        }

        // Every (key, offset) known to exist, and the message it holds.
        var known: [OpValue: [Int64: (msg: OpValue, line: Int)]] = [:]
        func learn(_ key: OpValue, _ r: Record, line: Int) {
            if let first = known[key]?[r.offset] {
                if first.msg != r.msg {
                    anomalies.append(WorkloadAnomaly(kind: "inconsistent-offset", message: "key \(key) offset \(r.offset) holds \(first.msg) (line \(first.line)) and \(r.msg) (line \(line))", lines: [first.line, line]))
                }
            } else {
                known[key, default: [:]][r.offset] = (r.msg, line)
            }
        }
        // Polls name keys as JSON object keys (strings); sends may use integers: compare as strings.
        func name(_ key: OpValue) -> OpValue { key.string.map(OpValue.string) ?? .string(key.description) }
        for s in sends { learn(name(s.key), s.record, line: s.line) }
        for p in polls { for log in p.logs { for r in log.records { learn(log.key, r, line: p.call.line) } } }
        let sortedOffsets = known.mapValues { $0.keys.sorted() }

        func knownBetween(_ key: OpValue, _ a: Int64, _ b: Int64) -> Int64? {
            sortedOffsets[key]?.first { $0 > a && $0 < b }
        }

        var polled: [OpValue: Set<Int64>] = [:], highest: [OpValue: Int64] = [:]
        var position: [Int: [OpValue: (offset: Int64, line: Int)]] = [:]  // process -> key -> last offset polled
        for p in polls {
            let process = p.call.invoke.process
            for (key, records) in p.logs where !records.isEmpty {
                for r in records { polled[key, default: []].insert(r.offset) }
                highest[key] = max(highest[key] ?? .min, records.map(\.offset).max()!)
                for (a, b) in zip(records, records.dropFirst()) {
                    if b.offset <= a.offset {
                        anomalies.append(WorkloadAnomaly(kind: "nonmonotonic-poll", message: "a poll of key \(key) by process \(process) returned offset \(b.offset) after \(a.offset) (line \(p.call.line))", lines: [p.call.line]))
                    } else if let missed = knownBetween(key, a.offset, b.offset) {
                        anomalies.append(WorkloadAnomaly(kind: "skip", message: "a poll of key \(key) by process \(process) went from offset \(a.offset) to \(b.offset), skipping \(missed) (line \(p.call.line))", lines: [p.call.line]))
                    }
                }
                // A final poll (`final?`, from offset 0 after the faults) starts over: judged within itself only.
                if p.call.invoke.isFinal { continue }
                if let last = position[process]?[key] {
                    let first = records[0].offset
                    if first <= last.offset {
                        anomalies.append(WorkloadAnomaly(kind: "nonmonotonic-poll", message: "process \(process) polled key \(key) from offset \(first) (line \(p.call.line)) after already reaching \(last.offset) (line \(last.line))", lines: [last.line, p.call.line]))
                    } else if let missed = knownBetween(key, last.offset, first) {
                        anomalies.append(WorkloadAnomaly(kind: "skip", message: "process \(process) polled key \(key) up to offset \(last.offset) (line \(last.line)), then from \(first) (line \(p.call.line)), skipping \(missed)", lines: [last.line, p.call.line]))
                    }
                }
                position[process, default: [:]][key] = (records.last!.offset, p.call.line)
            }
        }

        var lost = 0
        for s in sends {
            let key = name(s.key)
            guard !(polled[key]?.contains(s.record.offset) ?? false), let top = highest[key], top > s.record.offset else { continue }
            lost += 1
            anomalies.append(WorkloadAnomaly(kind: "lost-write", message: "send of \(s.record.msg) to key \(key) was acknowledged at offset \(s.record.offset) (line \(s.line)), but no poll returned it though polls reached offset \(top)", lines: [s.line]))
        }
        return WorkloadVerdict(workload: "kafka", anomalies: anomalies,
                               stats: [WorkloadStat("sends-acknowledged", Double(sends.count)), WorkloadStat("polls", Double(polls.count)),
                                       WorkloadStat("lost-writes", Double(lost))])
    }
}
