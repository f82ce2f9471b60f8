import Foundation

/// Minimal JSON writing with a fixed key order, so exports are byte-identical
/// for the same run (Foundation's encoder does not promise key order).
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    static func value(_ v: HistoryValue) -> String {
        switch v {
        case .null: return "null"
        case .int(let i): return String(i)
        case .string(let s): return string(s)
        case .list(let l): return "[" + l.map(value).joined(separator: ",") + "]"
        }
    }

    static func operation(_ op: HistoryOperation) -> String {
        let error = op.error.map { ",\"error\":\(value($0))" } ?? ""
        return "{\"process\":\(op.process),\"type\":\(string(op.type.rawValue)),\"f\":\(string(op.f)),\"key\":\(string(op.key)),\"value\":\(value(op.value))\(error)}"
    }

    /// A vector clock as an object of its non-zero entries, in node order.
    static func clock(_ entries: ArraySlice<Int32>, _ layout: ClusterLayout) -> String {
        var parts: [String] = []
        for (k, v) in entries.enumerated() where v != 0 {
            parts.append("\(string(layout.name(NodeID(k)))):\(v)")
        }
        return "{" + parts.joined(separator: ",") + "}"
    }
}
