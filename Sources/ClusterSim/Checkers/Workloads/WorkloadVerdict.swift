/// One thing a Maelstrom workload's checker found wrong, with the history
/// lines that show it.
public struct WorkloadAnomaly: Sendable, Hashable, CustomStringConvertible {
    /// Short and stable, for counting and for tests: `lost`, `duplicate-id`, `skip`, ...
    public var kind: String
    public var message: String
    public var lines: [Int]

    public init(kind: String, message: String, lines: [Int]) { self.kind = kind; self.message = message; self.lines = lines }

    public var description: String { "\(kind): \(message)" }
}

/// A measured number the verdict reports beside its anomalies (acknowledged
/// messages, stale count, messages per operation).
public struct WorkloadStat: Sendable, Hashable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) { self.name = name; self.value = value }

    /// Whole numbers without a decimal point, others to two places.
    public var text: String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(Double((value * 100).rounded()) / 100)
    }
}

/// What a workload checker concluded: valid when it found no anomaly.
public struct WorkloadVerdict: Sendable {
    public var workload: String
    public var anomalies: [WorkloadAnomaly]
    public var stats: [WorkloadStat]

    public init(workload: String, anomalies: [WorkloadAnomaly], stats: [WorkloadStat]) {
        self.workload = workload; self.anomalies = anomalies; self.stats = stats
    }

    public var isValid: Bool { anomalies.isEmpty }

    /// How many anomalies of each kind, in order of first appearance.
    public var counts: [(kind: String, count: Int)] {
        var order: [String] = [], n: [String: Int] = [:]
        for a in anomalies { if n[a.kind] == nil { order.append(a.kind) }; n[a.kind, default: 0] += 1 }
        return order.map { ($0, n[$0]!) }
    }

    public func stat(_ name: String) -> Double? { stats.first { $0.name == name }?.value }

    /// First word `valid` or `invalid`, then the numbers, then each anomaly.
    public var text: String {
        let tally = counts.map { "\($0.kind) ×\($0.count)" }.joined(separator: ", ")
        var lines = [isValid ? "valid: \(workload)" : "invalid: \(workload) (\(tally))"]
        if !stats.isEmpty { lines.append(stats.map { "\($0.name) \($0.text)" }.joined(separator: ", ")) }
        lines += anomalies.map { "  " + $0.description }
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: String {
        let s = stats.map { "\(JSONText.string($0.name)):\($0.text)" }.joined(separator: ",")
        let a = anomalies.map {
            "{\"kind\":\(JSONText.string($0.kind)),\"message\":\(JSONText.string($0.message)),\"lines\":[\($0.lines.map(String.init).joined(separator: ","))]}"
        }
        return "{\"valid\":\(isValid),\"workload\":\(JSONText.string(workload)),\"stats\":{\(s)},\"anomalies\":[\(a.joined(separator: ","))]}\n"
    }
}
