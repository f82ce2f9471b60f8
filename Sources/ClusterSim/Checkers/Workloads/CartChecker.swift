/// Checks a shopping-cart history (`add`/`remove` of an item in a cart, and
/// `read`s of a cart completing with its items) against each cart's final
/// read: the `ok` read of the cart that completed last.
///
/// Only what no order of the operations can explain is reported, judged in
/// real time (line order) with Jepsen's rules — `fail` surely did not happen,
/// `info` and unfinished operations may have happened at any time after their
/// invoke:
/// - a **lost add**: an acknowledged add of an item completed before the
///   final read began, the item is not in it, and no remove of the item that
///   did not fail could fall between the add and the read;
/// - a **resurrected item**: an acknowledged remove completed before the
///   final read began, the item is in it, and no add of the item that did
///   not fail could fall between the remove and the read (Dynamo's "deleted
///   items can resurface", DeCandia et al., SOSP 2007, §4.4).
public enum CartChecker {
    public struct Anomaly: Sendable, Hashable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable { case lostAdd = "lost add", resurrected = "resurrected" }
        public var kind: Kind
        public var cart: String
        public var item: Int64
        /// 1-based history lines of the acknowledged change's completion and of the final read's.
        public var changeLine: Int
        public var readLine: Int

        public var description: String {
            switch kind {
            case .lostAdd:
                return "lost add: item \(item) of \(cart) was added (line \(changeLine)) but the final read (line \(readLine)) lacks it"
            case .resurrected:
                return "resurrected: item \(item) of \(cart) was removed (line \(changeLine)) but the final read (line \(readLine)) holds it"
            }
        }
    }

    public struct Report: Sendable, Hashable {
        public var anomalies: [Anomaly] = []
        /// Adds and removes acknowledged (`ok`).
        public var acknowledged = 0
        /// Adds and removes that ended `fail` or `info`: refused, or no answer in time.
        public var failed = 0
        /// Carts with a final read.
        public var cartsRead = 0

        public var isValid: Bool { anomalies.isEmpty }
        /// Distinct (cart, item) pairs with an anomaly of this kind.
        public func count(_ kind: Anomaly.Kind) -> Int {
            Set(anomalies.filter { $0.kind == kind }.map { "\($0.cart)/\($0.item)" }).count
        }
    }

    public static func isCartHistory(_ history: [HistoryOperation]) -> Bool {
        history.contains { $0.f == "add" || $0.f == "remove" }
    }

    public static func check(_ history: [HistoryOperation]) -> Report {
        check(SessionHistory(history))
    }

    public static func check(_ session: SessionHistory) -> Report {
        var report = Report()
        let ops = session.operations
        let changes = ops.filter { $0.f == "add" || $0.f == "remove" }
        // A history with no changes is not a cart history: its reads are of other keys.
        guard !changes.isEmpty else { return report }
        report.acknowledged = changes.filter { $0.outcome == .ok }.count
        report.failed = changes.filter { $0.outcome == .fail || $0.outcome == .info }.count
        var finals: [String: SessionHistory.Operation] = [:]
        for op in ops where op.f == "read" && op.outcome == .ok {
            if let f = finals[op.key], f.completionOrEnd > op.completionOrEnd { continue }
            finals[op.key] = op
        }
        report.cartsRead = finals.count
        for (cart, read) in finals.sorted(by: { $0.key < $1.key }) {
            let present = Set(items(read.value))
            let mine = changes.filter { $0.key == cart }
            for change in mine where change.outcome == .ok && change.completionOrEnd < read.invoke {
                guard let item = change.value.intValue else { continue }
                let lostAdd = change.f == "add" && !present.contains(item)
                let resurrected = change.f == "remove" && present.contains(item)
                guard lostAdd || resurrected else { continue }
                // An opposite change that may have taken effect between this one and the read explains it.
                let opposite = change.f == "add" ? "remove" : "add"
                let explained = mine.contains {
                    $0.f == opposite && $0.value.intValue == item && $0.outcome != .fail
                        && $0.completionOrEnd > change.invoke && $0.invoke < read.completionOrEnd
                }
                if explained { continue }
                report.anomalies.append(Anomaly(kind: lostAdd ? .lostAdd : .resurrected, cart: cart, item: item,
                                                changeLine: change.completionOrEnd + 1, readLine: read.completionOrEnd + 1))
            }
        }
        return report
    }

    static func items(_ value: HistoryValue) -> [Int64] {
        if case .list(let l) = value { return l.compactMap(\.intValue) }
        return []
    }
}

private extension HistoryValue {
    var intValue: Int64? { if case .int(let v) = self { return v } else { return nil } }
}
