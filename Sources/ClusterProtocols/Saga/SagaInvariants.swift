import ClusterSim

/// The saga's safety properties, checked on the services' local stores and
/// n1's outcomes after every step (a crashed node's state is not looked at
/// until it restarts).
public enum SagaInvariants {
    public static let noDoubleBooking = "no double booking"
    public static let noCompensationWithoutStep = "no compensation without its step"
    public static let reverseOrder = "compensations in reverse order"
    public static let atomicity = "saga atomicity"

    static func services(_ sim: Simulation<SagaProcess>) -> [SagaService?] {
        SagaStep.allCases.map { sim.node($0.node)?.service }
    }

    public static func install(on sim: Simulation<SagaProcess>) {
        sim.addInvariant(Invariant(noDoubleBooking) { sim in
            for case let s? in services(sim) {
                for (t, b) in s.bookings where b.seats > 1 || b.cancels > 1 {
                    return b.seats > 1 ? "\(s.step) booked t\(t) \(b.seats) times" : "\(s.step) cancelled t\(t) \(b.cancels) times"
                }
            }
            return nil
        })
        sim.addInvariant(Invariant(noCompensationWithoutStep) { sim in
            for case let s? in services(sim) {
                for (t, b) in s.bookings where b.cancels > b.seats {
                    return "\(s.step) cancelled t\(t) (\(b.cancels)×) but booked it \(b.seats)×"
                }
            }
            return nil
        })
        sim.addInvariant(Invariant(reverseOrder) { sim in reverseOrderProblem(services(sim)) })
        sim.addInvariant(Invariant(atomicity) { sim in
            guard let outcomes = sim.node(NodeID(0))?.outcomes else { return nil }
            return atomicityProblem(outcomes, services(sim))
        })
    }

    /// A step compensated while a later step of the same trip is still booked.
    static func reverseOrderProblem(_ services: [SagaService?]) -> String? {
        for case let early? in services {
            for (t, b) in early.bookings where b.cancels > 0 {
                for case let late? in services where late.step > early.step && late.bookings[t]?.isLive == true {
                    return "t\(t): \(early.step) was compensated while \(late.step), a later step, is still booked"
                }
            }
        }
        return nil
    }

    /// A finished saga that neither completed every step nor undid every committed one.
    public static func atomicityProblem(_ outcomes: [Int: Bool], _ services: [SagaService?]) -> String? {
        for t in outcomes.keys.sorted() {
            let completed = outcomes[t]!
            for case let s? in services {
                let live = s.bookings[t]?.isLive == true
                if completed && !live { return "t\(t) completed but \(s.step) holds no booking for it" }
                if !completed && live { return "t\(t) was undone but \(s.step) still holds its booking" }
            }
        }
        return nil
    }

    /// At the end of a run: the same atomicity over every finished saga.
    public static func finalCheck(_ run: ClusterRun) -> String? {
        guard let sim = run as? Simulation<SagaProcess>, let outcomes = sim.node(NodeID(0))?.outcomes else { return nil }
        return atomicityProblem(outcomes, services(sim)).map { "saga atomicity at the end: \($0)" }
    }
}

/// The isolation a saga does not give, measured on the client history.
public enum SagaIsolation {
    /// Bookings the reader saw that belong to trips the saga later undid: the
    /// read micro-ops of `ok` reads whose value is a trip the booker recorded
    /// as `fail`. (At the saga level this is a dirty read; the transaction
    /// checker names it G1a, an aborted read.)
    public static func readsOfUndoneBookings(_ history: [HistoryOperation]) -> Int {
        var undone: Set<Int64> = []
        for op in history where op.f == "txn" && op.type == .fail {
            for case .list(let parts) in op.value.listItems where parts.count == 3 {
                if case .int(let t) = parts[2] { undone.insert(t) }
            }
        }
        var n = 0
        for op in history where op.f == "txn" && op.type == .ok {
            for case .list(let parts) in op.value.listItems where parts.count == 3 {
                if case .string("r") = parts[0], case .int(let t) = parts[2], undone.contains(t) { n += 1 }
            }
        }
        return n
    }
}

extension HistoryValue {
    var listItems: [HistoryValue] {
        if case .list(let l) = self { return l }
        return []
    }
}
