/// Dependencies of a list-append history (`["append", k, v]`, `["r", k, [..]]`),
/// inferred as Elle does ("for lists, Elle can infer a complete prefix of the
/// Adya version order for a key based on a single read": jepsen-io/elle README):
///
/// - version order of a key: its longest committed read; every other read
///   must be a prefix of it (else `incompatible-order`);
/// - ww: the writers of consecutive elements of that order;
/// - wr: the writer of a read's last element precedes the reader;
/// - rw: a reader precedes the writer of the element right after what it
///   read; a read of the empty list precedes every appender of the key
///   (every version comes after the initial one);
/// - appends that no read shows come after the whole observed order (had one
///   come earlier, the longest read would hold it): ww from the writer of its
///   last element, rw from the readers of all of it. Elle's example history
///   histories/si-without-g-single.edn states these edges in its comments.
///
/// Only external reads (before the transaction's own appends to that key)
/// give edges. Failed transactions are no vertices' writers: reading their
/// elements is G1a. Appended values must be unique per key.
enum ListAppendInference {
    struct Writer { var txn: Int; var index: Int; var isFinal: Bool }

    static func infer(_ txns: [Transaction], into graph: inout DependencyGraph, anomalies: inout [TxnAnomaly]) throws {
        // Who appended each element, and whether it was that transaction's last append to the key.
        var writers: [OpValue: [OpValue: Writer]] = [:]
        var appended: [OpValue: [(element: OpValue, txn: Int)]] = [:]  // in history order, for determinism
        var keys = KeyOrder()
        for t in txns {
            let finals = t.finalWrites
            for (i, op) in t.ops.enumerated() {
                keys.note(op.key)
                guard op.f == .append else { continue }
                if let other = writers[op.key]?[op.value] {
                    throw HistoryError(line: t.line, message: "\(op.value) is appended to key \(op.key) twice (also at line \(txns[other.txn].line)): list-append needs unique values per key")
                }
                writers[op.key, default: [:]][op.value] = Writer(txn: t.id, index: i, isFinal: finals[op.key]?.index == i)
                appended[op.key, default: []].append((op.value, t.id))
            }
        }
        InternalConsistency.listAppend(txns, anomalies: &anomalies)

        // Committed reads, per key, and the longest one: the version order.
        var reads: [OpValue: [(txn: Int, list: [OpValue])]] = [:]
        for t in txns where t.outcome == .ok {
            for op in t.ops where op.f == .read {
                guard op.value == .null || op.value.list != nil else {
                    throw HistoryError(line: t.line, message: "read of key \(op.key) returned \(op.value): a list-append read returns a list")
                }
                let list = op.value.list ?? []
                reads[op.key, default: []].append((t.id, list))
                if Set(list).count != list.count {
                    anomalies.append(TxnAnomaly(kind: .duplicateElements, transactions: [t.id],
                                                explanation: "\(t.name) (line \(t.line)) read key \(op.key) = \(op.value), which holds an element twice"))
                }
            }
        }
        var order: [OpValue: [OpValue]] = [:]
        for key in keys.all {
            guard let rs = reads[key] else { continue }
            let longest = rs.max { $0.list.count < $1.list.count }!.list
            order[key] = longest
            for r in rs where !longest.starts(with: r.list) {
                anomalies.append(TxnAnomaly(kind: .incompatibleOrder, transactions: [r.txn],
                                            explanation: "\(txns[r.txn].name) (line \(txns[r.txn].line)) read key \(key) = \(OpValue.list(r.list)), not a prefix of \(OpValue.list(longest)) read elsewhere: the two cannot come from one order of appends"))
            }
        }

        // ww: consecutive elements of each version order.
        for key in keys.all {
            guard let versions = order[key] else { continue }
            for (a, b) in zip(versions, versions.dropFirst()) {
                guard let wa = writers[key]?[a], let wb = writers[key]?[b], wa.txn != wb.txn,
                      txns[wa.txn].outcome != .fail, txns[wb.txn].outcome != .fail else { continue }
                graph.add(Dependency(from: wa.txn, to: wb.txn, kind: .ww, key: key,
                                     because: "\(txns[wb.txn].name) appended \(b) after \(txns[wa.txn].name) appended \(a) to key \(key)"))
            }
        }

        // Appends no read ever showed come after the whole observed order: had
        // one come before its last element, the longest read would hold it.
        var unobserved: [OpValue: [(element: OpValue, txn: Int)]] = [:]
        for key in keys.all {
            let observed = Set(order[key] ?? [])
            unobserved[key] = (appended[key] ?? []).filter { !observed.contains($0.element) && txns[$0.txn].outcome != .fail }
            guard let last = order[key]?.last, let wl = writers[key]?[last], txns[wl.txn].outcome != .fail else { continue }
            for (element, writer) in unobserved[key]! {
                graph.add(Dependency(from: wl.txn, to: writer, kind: .ww, key: key,
                                     because: "\(txns[writer].name) appended \(element) to key \(key), which no read shows, so after \(txns[wl.txn].name)'s \(last), the last any read shows"))
            }
        }

        // Each committed read: aborted, intermediate and garbage reads; wr and rw edges.
        // Explanations are built later, if ever (Dependency): they capture
        // indices and values, not whole transactions, to keep each edge small.
        for t in txns where t.outcome == .ok {
            let tid = t.id
            for read in t.externalReads {
                let key = read.key, value = read.value
                let list = read.value.list ?? []
                for element in list {
                    guard let w = writers[key]?[element] else {
                        anomalies.append(TxnAnomaly(kind: .garbageRead, transactions: [t.id],
                                                    explanation: "\(t.name) (line \(t.line)) read key \(key) = \(read.value), but no transaction appended \(element)"))
                        continue
                    }
                    if txns[w.txn].outcome == .fail {
                        anomalies.append(TxnAnomaly(kind: .g1a, transactions: [t.id, w.txn],
                                                    explanation: "\(t.name) (line \(t.line)) read key \(key) = \(read.value), including \(element), appended by \(txns[w.txn].name) (line \(txns[w.txn].line)), which failed"))
                    }
                }
                if let last = list.last, let w = writers[key]?[last], w.txn != t.id {
                    let writer = txns[w.txn], wid = w.txn
                    if !w.isFinal {
                        anomalies.append(TxnAnomaly(kind: .g1b, transactions: [t.id, w.txn],
                                                    explanation: "\(t.name) (line \(t.line)) read key \(key) = \(read.value), ending in \(last), which \(writer.name) (line \(writer.line)) followed with another append to \(key)"))
                    }
                    if writer.outcome != .fail {
                        graph.add(Dependency(from: w.txn, to: t.id, kind: .wr, key: key,
                                             because: "\(txns[tid].name) read \(txns[wid].name)'s append of \(last) to key \(key)"))
                    }
                }
                if list.isEmpty {
                    for (element, writer) in appended[key] ?? [] where txns[writer].outcome != .fail {
                        graph.add(Dependency(from: t.id, to: writer, kind: .rw, key: key,
                                             because: "\(txns[tid].name) read key \(key) empty, before \(txns[writer].name) appended \(element)"))
                    }
                } else if let versions = order[key], versions == list {
                    for (element, writer) in unobserved[key] ?? [] {
                        graph.add(Dependency(from: t.id, to: writer, kind: .rw, key: key,
                                             because: "\(txns[tid].name) read key \(key) = \(value), before \(txns[writer].name) appended \(element), which no read shows"))
                    }
                } else if let versions = order[key], versions.starts(with: list), versions.count > list.count,
                          let w = writers[key]?[versions[list.count]], txns[w.txn].outcome != .fail {
                    let wid = w.txn, next = versions[list.count]
                    graph.add(Dependency(from: t.id, to: w.txn, kind: .rw, key: key,
                                         because: "\(txns[tid].name) read key \(key) = \(value), before \(txns[wid].name) appended \(next)"))
                }
            }
        }
        LostUpdate.find(txns, anomalies: &anomalies)
    }
}

/// Keys in order of first appearance, so that reports and edges never depend on hashing.
struct KeyOrder {
    private(set) var all: [OpValue] = []
    private var seen: Set<OpValue> = []
    mutating func note(_ key: OpValue) { if seen.insert(key).inserted { all.append(key) } }
}
