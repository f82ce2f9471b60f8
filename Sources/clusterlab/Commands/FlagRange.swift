import ArgumentParser

/// The values a numeric flag accepts, checked in `validate()` so that no
/// argument can trap, hang or ask for tens of gigabytes: every count, size
/// and duration flag of a command goes through one of these.
///
///     try FlagRange.check("--nodes", nodes, 2...1_024)
enum FlagRange {
    /// Exit-2 error naming the flag, its range and the value given.
    static func check<T: BinaryInteger>(_ name: String, _ value: T, _ range: ClosedRange<Int64>) throws {
        guard range.contains(Int64(clamping: value)) else {
            throw ValidationError("\(name) must be from \(range.lowerBound) to \(range.upperBound), not \(value)")
        }
    }

    /// The same for a fractional value.
    static func check(_ name: String, _ value: Double, _ range: ClosedRange<Double>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(name) must be from \(range.lowerBound) to \(range.upperBound), not \(value)")
        }
    }

    /// A trace of `events` events on `nodes` nodes costs about 0.8 × (nodes + 64)
    /// bytes an event (measured: 64 nodes, 4.1M events, 247 MB; 1,000 nodes,
    /// 205k events, 179 MB); this keeps it near 4 GB at most.
    static func checkTrace(events: Int, nodes: Int, what: String) throws {
        let units = Int64(events).multipliedReportingOverflow(by: Int64(nodes) + 64)
        guard !units.overflow, units.partialValue <= 5_000_000_000 else {
            throw ValidationError("\(what) × (--nodes + 64) must be at most 5000000000 with the trace on (about 4 GB): lower one, or --trace off")
        }
    }
}
