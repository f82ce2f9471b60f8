/// Jepsen's and Knossos's EDN histories as ops: one map per op,
/// `{:process 0, :type :invoke, :f :cas, :value [1 2]}`, one per line or all
/// in one vector.
///
/// Knossos's registers have no key: ops without `:key` share the key "".
/// Ops whose `:process` is not an integer (`:nemesis`) are the test's fault
/// injection, not clients, and are skipped. Keywords read as their names
/// (`:precondition-failed` → "precondition-failed").
enum HistoryEDN {
    static func read(_ text: String) throws -> [HistoryFile.Located] {
        var reader = EDNReader(text)
        var result: [HistoryFile.Located] = []
        do {
            while let (form, at) = try reader.next() {
                guard let op = try operation(form, at: at) else { continue }
                result.append(HistoryFile.Located(line: at.line, column: at.column, operation: op))
            }
        } catch let failure as EDNReader.Failure {
            throw HistoryError(line: failure.position.line, column: failure.position.column, message: failure.message)
        }
        return result
    }

    private static func operation(_ form: EDNReader.Value, at: EDNReader.Position) throws -> HistoryOperation? {
        func fail(_ message: String) -> HistoryError { HistoryError(line: at.line, column: at.column, message: message) }
        guard case .map = form else {
            throw fail("expected an op like {:process 0, :type :invoke, :f :read, :value nil}")
        }
        guard let process = form[keyword: "process"] else { throw fail("missing :process") }
        guard case .int(let p) = process else { return nil }  // :nemesis and other non-clients
        guard let pid = Int(exactly: p) else { throw fail(":process \(p) is out of range") }
        guard let typeName = name(form[keyword: "type"]) else { throw fail("missing :type (:invoke, :ok, :fail or :info)") }
        guard let type = HistoryOperation.Kind(rawValue: typeName) else {
            throw fail(":type must be :invoke, :ok, :fail or :info, not :\(typeName)")
        }
        guard let f = name(form[keyword: "f"]) else { throw fail("missing :f") }
        // A key that is not a name (`:key [1 2]`) is written as its value: `[1, 2]`.
        let key = try form[keyword: "key"].map { try name($0) ?? convert($0, fail).description } ?? ""
        let value = try form[keyword: "value"].map { try convert($0, fail) } ?? .null
        let error = try form[keyword: "error"].map { try convert($0, fail) }
        return HistoryOperation(process: pid, type: type, f: f, key: key, value: value, error: error)
    }

    /// A keyword's, symbol's or string's name.
    private static func name(_ value: EDNReader.Value?) -> String? {
        switch value {
        case .keyword(let n), .symbol(let n), .string(let n): return n
        case .int(let i): return String(i)
        default: return nil
        }
    }

    /// An EDN value as a history value: nil, integers, names, lists.
    private static func convert(_ value: EDNReader.Value, _ fail: (String) -> HistoryError) throws -> HistoryValue {
        switch value {
        case .null: return .null
        case .int(let i): return .int(i)
        case .bool(let b): return .string(b ? "true" : "false")
        case .number(let text), .string(let text), .keyword(let text), .symbol(let text): return .string(text)
        case .list(let items), .vector(let items), .set(let items): return .list(try items.map { try convert($0, fail) })
        case .map: throw fail("a map cannot be a register's value")
        }
    }
}
