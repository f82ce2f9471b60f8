/// Jepsen's and Elle's EDN histories as client ops:
/// `{:process 0, :type :ok, :f :txn, :value [[:append :x 1] [:r :y [1]]]}`,
/// one map per op. Keywords read as their names (`:x` → "x"), maps as
/// objects, sets as lists. Ops of a non-integer process (`:nemesis`) are
/// skipped; an op with no `:process` at all belongs to process 0 (Elle's own
/// example histories, such as histories/paper-example.edn, leave it out).
enum ClientHistoryEDN {
    static func read(_ text: String) throws -> [ClientOp] {
        var reader = EDNReader(text)
        var ops: [ClientOp] = []
        do {
            while let (form, at) = try reader.next() {
                func fail(_ message: String) -> HistoryError { HistoryError(line: at.line, column: at.column, message: message) }
                guard case .map = form else { throw fail("expected an op like {:process 0, :type :ok, :f :txn, :value [...]}") }
                var process = 0
                if let p = form[keyword: "process"] {
                    guard case .int(let n) = p else { continue }  // :nemesis and other non-clients
                    guard let pid = Int(exactly: n) else { throw fail(":process \(n) is out of range") }
                    process = pid
                }
                guard let typeName = name(form[keyword: "type"]), let type = HistoryOperation.Kind(rawValue: typeName) else {
                    throw fail(":type must be :invoke, :ok, :fail or :info")
                }
                let final = form[keyword: "final?"] == .bool(true)
                ops.append(ClientOp(process: process, type: type, f: name(form[keyword: "f"]) ?? "",
                                    value: form[keyword: "value"].map(convert) ?? .null, error: form[keyword: "error"].map(convert),
                                    node: name(form[keyword: "node"]), isFinal: final, line: at.line))
            }
        } catch let failure as EDNReader.Failure {
            throw HistoryError(line: failure.position.line, column: failure.position.column, message: failure.message)
        }
        return ops
    }

    private static func name(_ value: EDNReader.Value?) -> String? {
        switch value {
        case .keyword(let n), .symbol(let n), .string(let n): n
        default: nil
        }
    }

    private static func convert(_ value: EDNReader.Value) -> OpValue {
        switch value {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .number(let text): Double(text).map(OpValue.double) ?? .string(text)
        case .string(let s), .keyword(let s), .symbol(let s): .string(s)
        case .list(let items), .vector(let items), .set(let items): .list(items.map(convert))
        case .map(let entries):
            .object(Dictionary(entries.map { (name($0.key) ?? convert($0.key).description, convert($0.value)) }) { first, _ in first })
        }
    }
}

extension ClientHistoryFile {
    /// A history in EDN when the path ends in `.edn`, JSON Lines otherwise.
    public static func read(_ text: String, path: String) throws -> [ClientOp] {
        HistoryFile.Format(path: path) == .edn ? try ClientHistoryEDN.read(text) : try read(text)
    }
}
