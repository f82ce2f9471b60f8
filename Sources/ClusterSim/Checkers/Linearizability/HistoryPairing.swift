/// Pairs each invoke with its completion per process and splits the history
/// by key, dropping what cannot matter: `fail` ops (they did not happen) and
/// reads whose result is unknown (they constrain nothing). A cas that failed
/// with `precondition-failed` did happen: it saw another value, and is kept
/// as that observation. Under Knossos's semantics a nil read is dropped too.
enum HistoryPairing {
    /// One key's operations in invoke order.
    struct KeyHistory {
        var key: String
        var operations: [RegisterOperation]
    }

    /// Keys in order of first appearance, each with its operations.
    /// Throws `HistoryError` (line = index + 1) for a malformed history.
    static func keyHistories(_ history: [HistoryOperation], semantics: RegisterSemantics = .maelstrom) throws -> [KeyHistory] {
        var outstanding: [Int: Int] = [:]  // process -> index of its invoke
        var slots: [Int: (key: Int, slot: Int)] = [:]  // invoke index -> where its op sits
        var keyIndex: [String: Int] = [:]
        var keys: [KeyHistory] = []
        var dropped: [Int: [Int]] = [:]  // key -> slots to drop once all ops are seen

        for (index, op) in history.enumerated() {
            func fail(_ message: String) -> HistoryError { HistoryError(line: index + 1, message: message) }
            switch op.type {
            case .invoke:
                if let earlier = outstanding[op.process] {
                    throw fail("process \(op.process) invoked \(op.f) while its \(history[earlier].f) from line \(earlier + 1) is still outstanding")
                }
                let action = try invokeAction(op, error: fail)
                outstanding[op.process] = index
                let k = keyIndex[op.key] ?? {
                    keys.append(KeyHistory(key: op.key, operations: []))
                    keyIndex[op.key] = keys.count - 1
                    return keys.count - 1
                }()
                slots[index] = (k, keys[k].operations.count)
                keys[k].operations.append(RegisterOperation(action: action, invoke: index, completion: nil, completedOK: false))
            case .ok, .fail, .info:
                guard let start = outstanding.removeValue(forKey: op.process) else {
                    throw fail("process \(op.process) completed \(op.f) with no invoke outstanding")
                }
                let invoked = history[start]
                guard invoked.f == op.f, invoked.key == op.key else {
                    throw fail("process \(op.process) completed \(op.f) on key \(op.key) but invoked \(invoked.f) on key \(invoked.key) at line \(start + 1)")
                }
                let (k, slot) = slots[start]!
                keys[k].operations[slot].completion = index
                switch op.type {
                case .ok:
                    keys[k].operations[slot].completedOK = true
                    if op.f == "read" {
                        keys[k].operations[slot].action = .read(op.value)
                        if op.value == .null, semantics.nullReadObservesNothing { dropped[k, default: []].append(slot) }
                    }
                case .fail where op.f == "cas" && casFoundAnotherValue(op.error):
                    guard case .cas(let expected, _) = keys[k].operations[slot].action else { break }
                    keys[k].operations[slot].action = .casMismatch(expected: expected)
                    keys[k].operations[slot].completedOK = true
                case .fail:
                    dropped[k, default: []].append(slot)
                default:
                    if op.f == "read" { dropped[k, default: []].append(slot) }
                }
            }
        }
        // Reads that never completed tell nothing either.
        for index in outstanding.values where history[index].f == "read" {
            let (k, slot) = slots[index]!
            dropped[k, default: []].append(slot)
        }
        for (k, gone) in dropped {
            let gone = Set(gone)
            keys[k].operations = keys[k].operations.enumerated().filter { !gone.contains($0.offset) }.map(\.element)
        }
        return keys
    }

    /// Whether a failed cas says it ran and found another value than it
    /// expected: Maelstrom's error 22 (precondition-failed), or 20
    /// (key-does-not-exist: it found none), by code or name (a Jepsen client
    /// may record the name as a string, a keyword, or a list's first element).
    static func casFoundAnotherValue(_ error: HistoryValue?) -> Bool {
        switch error {
        case .int(22), .int(20): return true
        case .string(let name):
            return ["precondition-failed", "key-does-not-exist"].contains(name.hasPrefix(":") ? String(name.dropFirst()) : name)
        case .list(let parts): return parts.first.map { casFoundAnotherValue($0) } ?? false
        default: return false
        }
    }

    /// What an invoke asks for, or an error for an unknown `f` or a bad cas value.
    private static func invokeAction(_ op: HistoryOperation, error: (String) -> HistoryError) throws -> RegisterOperation.Action {
        switch op.f {
        case "read":
            return .read(.null)
        case "write":
            return .write(op.value)
        case "cas":
            guard case .list(let pair) = op.value, pair.count == 2 else {
                throw error("cas value must be [expected, new], got \(op.value)")
            }
            return .cas(expected: pair[0], new: pair[1])
        default:
            throw error("unknown f \"\(op.f)\" (expected read, write or cas)")
        }
    }
}
