/// Reads that disagree with the transaction's own earlier reads and writes
/// (Elle's "internal" anomaly): after appending 3 to x, a read of x must end
/// in 3; after reading x = 5 and writing nothing, x is still 5.
enum InternalConsistency {
    /// What a transaction knows of a key's list so far.
    private enum Known { case whole([OpValue]), endsWith([OpValue]) }

    static func listAppend(_ txns: [Transaction], anomalies: inout [TxnAnomaly]) {
        for t in txns where t.outcome == .ok {
            var known: [OpValue: Known] = [:]
            for op in t.ops {
                switch op.f {
                case .read:
                    let list = op.value.list ?? []
                    switch known[op.key] {
                    case .whole(let expected) where expected != list:
                        report(t, op, expected: OpValue.list(expected).description, &anomalies)
                    case .endsWith(let tail) where !list.reversed().starts(with: tail.reversed()):
                        report(t, op, expected: "a list ending in " + tail.map(\.description).joined(separator: ","), &anomalies)
                    default: break
                    }
                    known[op.key] = .whole(list)
                case .append, .write:
                    switch known[op.key] {
                    case .whole(let l): known[op.key] = .whole(l + [op.value])
                    case .endsWith(let l): known[op.key] = .endsWith(l + [op.value])
                    case nil: known[op.key] = .endsWith([op.value])
                    }
                }
            }
        }
    }

    static func register(_ txns: [Transaction], anomalies: inout [TxnAnomaly]) {
        for t in txns where t.outcome == .ok {
            var known: [OpValue: OpValue] = [:]
            for op in t.ops {
                if op.f == .read, let expected = known[op.key], expected != op.value {
                    report(t, op, expected: expected.description, &anomalies)
                }
                known[op.key] = op.value
            }
        }
    }

    private static func report(_ t: Transaction, _ op: MicroOp, expected: String, _ anomalies: inout [TxnAnomaly]) {
        anomalies.append(TxnAnomaly(kind: .internal, transactions: [t.id],
                                    explanation: "\(t.name) (line \(t.line)) read key \(op.key) = \(op.value) but its own earlier reads and writes say \(expected)"))
    }
}

/// Elle's lost update (`lost-update-cases` in src/elle/txn.clj): two committed
/// transactions read the same version of a key and both wrote that key, so
/// one write was made without seeing the other.
enum LostUpdate {
    static func find(_ txns: [Transaction], anomalies: inout [TxnAnomaly]) {
        struct Version: Hashable { var key: OpValue; var value: OpValue }
        var order: [Version] = []
        var writers: [Version: [Int]] = [:]
        for t in txns where t.outcome == .ok {
            let writes = t.finalWrites
            for read in t.externalReads where writes[read.key] != nil {
                let v = Version(key: read.key, value: read.value == .list([]) ? .null : read.value)  // an empty list is the initial version too
                if writers[v] == nil { order.append(v) }
                writers[v, default: []].append(t.id)
            }
        }
        for v in order where writers[v]!.count > 1 {
            let ids = writers[v]!
            anomalies.append(TxnAnomaly(kind: .lostUpdate, transactions: ids,
                                        explanation: ids.map { "\(txns[$0].name) (line \(txns[$0].line))" }.joined(separator: ", ")
                                            + " all read key \(v.key) = \(v.value) and then wrote it: one update was lost"))
        }
    }
}
