/// Dependencies of a read-write register history (`["w", k, v]`, `["r", k, v]`),
/// inferred as far as Elle's rw-register checker can without assuming more
/// of the database (jepsen-io/elle, src/elle/rw_register.clj). Written values
/// must be unique per key; then:
///
/// - wr: the writer of the value a transaction read precedes it (always);
/// - rw: a read of null (the initial version) precedes every writer of the
///   key, since every version follows the initial one;
/// - ww and more rw only with `writesFollowReads` (Elle's `wfr-version-graphs`): a
///   transaction that read v and then wrote v' orders v before v', so v's
///   writer precedes it (ww) and so does every other reader of v (rw).
///
/// Nothing else is inferred: two blind writes of a key stay unordered, so
/// some anomalies go unseen (the checker is sound, not complete).
enum RegisterInference {
    struct Writer { var txn: Int; var isFinal: Bool }

    static func infer(_ txns: [Transaction], writesFollowReads: Bool,
                      into graph: inout DependencyGraph, anomalies: inout [TxnAnomaly]) throws {
        var writers: [OpValue: [OpValue: Writer]] = [:]
        var written: [OpValue: [(value: OpValue, txn: Int)]] = [:]  // final writes of ok/info txns, in order
        for t in txns {
            let finals = t.finalWrites
            for (i, op) in t.ops.enumerated() where op.f == .write {
                if let other = writers[op.key]?[op.value] {
                    throw HistoryError(line: t.line, message: "\(op.value) is written to key \(op.key) twice (also at line \(txns[other.txn].line)): rw-register needs unique values per key")
                }
                let isFinal = finals[op.key]?.index == i
                writers[op.key, default: [:]][op.value] = Writer(txn: t.id, isFinal: isFinal)
                if isFinal, t.outcome != .fail { written[op.key, default: []].append((op.value, t.id)) }
            }
        }
        InternalConsistency.register(txns, anomalies: &anomalies)

        var readers: [OpValue: [OpValue: [Int]]] = [:]
        for t in txns where t.outcome == .ok {
            for read in t.externalReads {
                let (key, value) = (read.key, read.value)
                readers[key, default: [:]][value, default: []].append(t.id)
                guard value != .null else {
                    for (v, w) in written[key] ?? [] {
                        graph.add(Dependency(from: t.id, to: w, kind: .rw, key: key,
                                             because: "\(t.name) read key \(key) = null (the initial version), before \(txns[w].name) wrote \(v)"))
                    }
                    continue
                }
                guard let w = writers[key]?[value] else {
                    anomalies.append(TxnAnomaly(kind: .garbageRead, transactions: [t.id],
                                                explanation: "\(t.name) (line \(t.line)) read key \(key) = \(value), which no transaction wrote"))
                    continue
                }
                let writer = txns[w.txn]
                if writer.outcome == .fail {
                    anomalies.append(TxnAnomaly(kind: .g1a, transactions: [t.id, w.txn],
                                                explanation: "\(t.name) (line \(t.line)) read key \(key) = \(value), written by \(writer.name) (line \(writer.line)), which failed"))
                    continue
                }
                if !w.isFinal {
                    anomalies.append(TxnAnomaly(kind: .g1b, transactions: [t.id, w.txn],
                                                explanation: "\(t.name) (line \(t.line)) read key \(key) = \(value), which \(writer.name) (line \(writer.line)) overwrote before it committed"))
                }
                graph.add(Dependency(from: w.txn, to: t.id, kind: .wr, key: key,
                                     because: "\(t.name) read \(writer.name)'s write of \(value) to key \(key)"))
            }
        }

        if writesFollowReads {
            for t in txns where t.outcome == .ok {
                let writes = t.finalWrites
                for read in t.externalReads where read.value != .null {
                    guard let next = writes[read.key]?.value else { continue }
                    if let w = writers[read.key]?[read.value], txns[w.txn].outcome != .fail {
                        graph.add(Dependency(from: w.txn, to: t.id, kind: .ww, key: read.key,
                                             because: "\(t.name) wrote \(next) to key \(read.key) after reading \(txns[w.txn].name)'s \(read.value)"))
                    }
                    for r in readers[read.key]?[read.value] ?? [] {
                        graph.add(Dependency(from: r, to: t.id, kind: .rw, key: read.key,
                                             because: "\(txns[r].name) read key \(read.key) = \(read.value), before \(t.name) overwrote it with \(next)"))
                    }
                }
            }
        }
        LostUpdate.find(txns, anomalies: &anomalies)
    }
}

/// Real-time order for strict serializability: a transaction that completed
/// before another was invoked precedes it. Only the frontier of latest
/// completions gets an edge to each invocation, so the edges stay few and
/// their transitive closure is the order.
enum RealtimeOrder {
    static func add(_ txns: [Transaction], to graph: inout DependencyGraph) {
        enum Event { case invoke(Int), complete(Int) }
        var events: [(position: Int, rank: Int, event: Event)] = []
        for t in txns where t.outcome != .fail {
            events.append((t.call.invokeIndex, 0, .invoke(t.id)))
            if t.outcome == .ok, let done = t.call.completionIndex { events.append((done, 1, .complete(t.id))) }
        }
        events.sort { ($0.position, $0.rank) < ($1.position, $1.rank) }
        var frontier: [Int] = []
        var predecessors = [[Int]](repeating: [], count: txns.count)
        for e in events {
            switch e.event {
            case .invoke(let t):
                predecessors[t] = frontier
                for p in frontier {
                    graph.add(Dependency(from: p, to: t, kind: .realtime, key: nil,
                                         because: "\(txns[p].name) completed (line \(txns[p].line)) before \(txns[t].name) was invoked (line \(txns[t].call.invoke.line))"))
                }
            case .complete(let t):
                // The frontier is about as large as the number of processes: a scan beats hashing until it is not.
                let before = predecessors[t]
                if before.count > 32 {
                    let set = Set(before)
                    frontier.removeAll { set.contains($0) }
                } else if !before.isEmpty {
                    frontier.removeAll { before.contains($0) }
                }
                frontier.append(t)
            }
        }
    }
}
