import ClusterSim

/// The erasure store's promise, checked over a run's client history: a GET
/// either returns exactly the bytes a PUT of that object wrote, or is refused
/// — never other bytes; and an object whose PUT was acknowledged before the
/// GET began is never reported missing. Each problem names the operation.
public enum ErasureChecker {
    public static func check(_ history: [HistoryOperation]) -> [String] {
        var written: [String: Set<HistoryValue>] = [:]
        var acknowledged: Set<String> = []
        /// Per process, the key of the GET in flight and whether its object was acknowledged when it began.
        var reading: [Int: Bool] = [:]
        var problems: [String] = []
        for (index, op) in history.enumerated() {
            switch (op.f, op.type) {
            case ("put", .invoke): written[op.key, default: []].insert(op.value)
            case ("put", .ok): acknowledged.insert(op.key)
            case ("get", .invoke): reading[op.process] = acknowledged.contains(op.key)
            case ("get", .ok):
                if !(written[op.key]?.contains(op.value) ?? false) {
                    problems.append("operation \(index + 1): client \(op.process) read \(op.key) as bytes no PUT wrote: \(op.value)")
                }
            case ("get", .fail):
                if reading[op.process] == true, op.error == .string("no such object") {
                    problems.append("operation \(index + 1): \(op.key) was acknowledged, then reported missing")
                }
            default: break
            }
        }
        return problems
    }
}
