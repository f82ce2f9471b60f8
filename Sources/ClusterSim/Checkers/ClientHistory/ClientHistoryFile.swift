/// Reads client histories of any workload: JSON Lines, one Jepsen-shaped op a
/// line. Ops of a process that is not an integer (Jepsen's `"nemesis"`) are
/// skipped, as `lincheck` skips them in EDN; blank lines are skipped and CRLF
/// is accepted, so errors name the file's own line.
public enum ClientHistoryFile {
    /// The ops of a history; throws `HistoryError` with the line and column of the first bad one.
    public static func read(_ text: String) throws -> [ClientOp] {
        var ops: [ClientOp] = []
        // "\r\n" is one Character in Swift: split on it as on "\n".
        for (offset, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard line.contains(where: { !$0.isWhitespace }) else { continue }
            let number = offset + 1
            func fail(_ message: String, field: String? = nil) -> HistoryError {
                HistoryError(line: number, column: HistoryFile.column(of: field, in: String(line)), message: message)
            }
            let value: OpValue
            let bytes = Array(line.utf8)
            do { value = try JSONReader<OpValue>.parse(bytes) } catch {
                throw HistoryError(line: number, column: error.column(in: bytes), message: error.message)
            }
            guard let fields = value.object else { throw fail("not a JSON object") }
            guard let process = fields["process"] else { throw fail("missing field \"process\"") }
            guard case .int(let p) = process else {
                if case .string = process { continue }  // the nemesis and other non-client processes
                throw fail("field \"process\": expected an integer", field: "process")
            }
            guard let typeName = fields["type"]?.string, let type = HistoryOperation.Kind(rawValue: typeName.hasPrefix(":") ? String(typeName.dropFirst()) : typeName) else {
                throw fail("field \"type\": expected \"invoke\", \"ok\", \"fail\" or \"info\"", field: "type")
            }
            var f = ""
            if let name = fields["f"] {
                guard let s = name.string else { throw fail("field \"f\": expected a string", field: "f") }
                f = s.hasPrefix(":") ? String(s.dropFirst()) : s
            }
            var node: String?
            if let n = fields["node"] {
                guard let s = n.string else { throw fail("field \"node\": expected a string", field: "node") }
                node = s
            }
            let final = fields["final?"] ?? fields["final"]
            ops.append(ClientOp(process: Int(clamping: p), type: type, f: f, value: fields["value"] ?? .null,
                                error: fields["error"], node: node, isFinal: final == .bool(true), line: number))
        }
        return ops
    }

    /// Pairs each invoke with its process's next completion. A completion with
    /// no invoke outstanding, or an invoke while one is, is an error at its line.
    /// An op that completed without an invoke line (Elle's examples list
    /// completions alone) counts as its own invoke.
    public static func calls(_ ops: [ClientOp]) throws -> [ClientCall] {
        var calls: [ClientCall] = []
        var outstanding: [Int: Int] = [:]  // process -> index in calls
        for (index, op) in ops.enumerated() {
            if op.type == .invoke {
                if let open = outstanding[op.process] {
                    throw HistoryError(line: op.line, message: "process \(op.process) invoked \(op.f) while its \(calls[open].invoke.f) from line \(calls[open].invoke.line) is still outstanding")
                }
                outstanding[op.process] = calls.count
                calls.append(ClientCall(invoke: op, completion: nil, invokeIndex: index, completionIndex: nil))
            } else if let open = outstanding.removeValue(forKey: op.process) {
                guard calls[open].invoke.f == op.f else {
                    throw HistoryError(line: op.line, message: "process \(op.process) completed \(op.f) but invoked \(calls[open].invoke.f) at line \(calls[open].invoke.line)")
                }
                calls[open].completion = op
                calls[open].completionIndex = index
            } else {
                var invoke = op
                invoke.type = .invoke
                calls.append(ClientCall(invoke: invoke, completion: op, invokeIndex: index, completionIndex: index))
            }
        }
        return calls
    }
}
