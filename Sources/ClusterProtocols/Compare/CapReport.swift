import ClusterSim

/// What one store did in a CAP experiment.
public struct CapOutcome: Sendable, Hashable, Codable {
    /// `raft` or `quorum`.
    public var protocolName: String
    /// How it was configured, for people: `raft`, `quorum N=3 R=one W=one`.
    public var label: String
    /// Operations that completed (ok, fail or info), and those that completed ok.
    public var operations: Int
    public var succeeded: Int
    /// The same, for operations invoked while the partition was in place.
    public var partitionOperations: Int
    public var partitionSucceeded: Int
    /// Of those, the ones first sent to a server on the Raft leader's (minority) side.
    public var minorityOperations: Int
    public var minoritySucceeded: Int
    public var staleReads: Int
    public var readYourWritesViolations: Int
    public var monotonicReadsViolations: Int
    /// The first anomaly found, as a sentence.
    public var firstAnomaly: String?
    /// `linearizable`, `not linearizable`, or `unknown` (the checker gave up).
    public var linearizability: String
    /// Virtual time from the heal until every replica agreed; nil if they did not before the run ended.
    public var convergenceMicroseconds: Int64?

    /// Share of completed operations that succeeded.
    public var availability: Double { operations == 0 ? 0 : Double(succeeded) / Double(operations) }
    public var partitionAvailability: Double {
        partitionOperations == 0 ? 0 : Double(partitionSucceeded) / Double(partitionOperations)
    }
    public var minorityAvailability: Double {
        minorityOperations == 0 ? 0 : Double(minoritySucceeded) / Double(minorityOperations)
    }
    public var anomalies: Int { staleReads + readYourWritesViolations + monotonicReadsViolations }
}

extension CapOutcome {
    enum DerivedKeys: String, CodingKey { case availability, partitionAvailability, minorityAvailability }

    /// Writes the stored figures and, for readers of the JSON, the three shares (0 to 1).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(protocolName, forKey: .protocolName)
        try c.encode(label, forKey: .label)
        try c.encode(operations, forKey: .operations)
        try c.encode(succeeded, forKey: .succeeded)
        try c.encode(partitionOperations, forKey: .partitionOperations)
        try c.encode(partitionSucceeded, forKey: .partitionSucceeded)
        try c.encode(minorityOperations, forKey: .minorityOperations)
        try c.encode(minoritySucceeded, forKey: .minoritySucceeded)
        try c.encode(staleReads, forKey: .staleReads)
        try c.encode(readYourWritesViolations, forKey: .readYourWritesViolations)
        try c.encode(monotonicReadsViolations, forKey: .monotonicReadsViolations)
        try c.encodeIfPresent(firstAnomaly, forKey: .firstAnomaly)
        try c.encode(linearizability, forKey: .linearizability)
        try c.encodeIfPresent(convergenceMicroseconds, forKey: .convergenceMicroseconds)
        var d = encoder.container(keyedBy: DerivedKeys.self)
        try d.encode(availability, forKey: .availability)
        try d.encode(partitionAvailability, forKey: .partitionAvailability)
        try d.encode(minorityAvailability, forKey: .minorityAvailability)
    }
}

/// The CP store and the AP store under the same partition, side by side.
public struct CapReport: Sendable, Hashable, Codable {
    public var seed: UInt64
    public var servers: Int
    public var clients: Int
    /// The partition's two sides by node name, the Raft leader's side first.
    public var minoritySide: [String]
    public var majoritySide: [String]
    public var partitionAtMicroseconds: Int64
    public var healAtMicroseconds: Int64
    public var endMicroseconds: Int64
    public var raft: CapOutcome
    public var quorum: CapOutcome

    /// A table for people.
    public var text: String {
        func ms(_ us: Int64) -> String { us % 1000 == 0 ? "\(us / 1000)ms" : String(format3(Double(us) / 1000)) + "ms" }
        func pct(_ x: Double) -> String { format1(x * 100) + "%" }
        var lines = [
            "seed \(seed): \(servers) servers, \(clients) clients; partition \(minoritySide.joined(separator: " ")) | "
                + "\(majoritySide.joined(separator: " ")) from \(ms(partitionAtMicroseconds)) to \(ms(healAtMicroseconds)), run to \(ms(endMicroseconds))",
            "(\(minoritySide[0]) led Raft when the partition began)",
            "",
        ]
        let rows: [(String, (CapOutcome) -> String)] = [
            ("store", \.label),
            ("availability", { "\(pct($0.availability)) (\($0.succeeded)/\($0.operations))" }),
            ("during partition", { "\(pct($0.partitionAvailability)) (\($0.partitionSucceeded)/\($0.partitionOperations))" }),
            ("  sent to minority side", { "\(pct($0.minorityAvailability)) (\($0.minoritySucceeded)/\($0.minorityOperations))" }),
            ("stale reads", { String($0.staleReads) }),
            ("read-your-writes", { String($0.readYourWritesViolations) }),
            ("monotonic reads", { String($0.monotonicReadsViolations) }),
            ("linearizability", \.linearizability),
            ("converged after heal", { $0.convergenceMicroseconds.map(ms) ?? "not by the end" }),
        ]
        let width = rows.map(\.0.count).max()!
        let column = max(rows.map { $0.1(raft).count }.max()!, 4) + 2
        for (name, cell) in rows {
            let left = cell(raft)
            lines.append(name.padding(width) + "  " + left.padding(column) + cell(quorum))
        }
        for o in [raft, quorum] {
            if let first = o.firstAnomaly { lines.append("\(o.protocolName), first anomaly: \(first)") }
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

/// `x` with one decimal, rounded half up, without Foundation.
func format1(_ x: Double) -> String {
    let tenths = Int64((x * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}

/// `x` with three decimals.
func format3(_ x: Double) -> String {
    let thousandths = Int64((x * 1000).rounded())
    let frac = String(abs(thousandths % 1000))
    return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
}
