import ClusterSim

/// The shopping-cart workload of the Dynamo paper (DeCandia et al., SOSP
/// 2007, §4.4), for any key-value store whose clients can read a key and
/// write it back: clients add items to and remove items from a few shared
/// carts. A cart is one key whose value is its set of items (a bitmask), so
/// every change reads the whole cart, changes one item and writes the whole
/// cart back; how the store settles two such writes made concurrently is what
/// the cart ends up holding. When a client has made its changes it reads
/// every cart once more (the final reads `CartChecker` judges).
///
/// History (Jepsen's set workload): `add`/`remove` with the cart as key and
/// the item as value; `read` completing with the cart's items as a list.
public struct CartWorkload: Sendable, Hashable {
    /// Carts are the keys `cart0`…`cart(carts-1)`.
    public var carts = 1
    /// Items are `0..<items` (at most 62: a cart is an `Int64` bitmask).
    public var items = 6
    public var addWeight = 2
    public var removeWeight = 1
    /// How long a client waits between two changes (a shopper's think time).
    public var pause: Int64 = 20_000

    public init() {}

    /// The `cart:` section a store's `workload:` may hold; present, the
    /// store's clients run carts instead of their own operations.
    public static let parameters: [ParameterSpec] = [
        .count("carts", 1...16), .count("items", 1...62),
        .count("add_weight", 0...1000, note: "not both weights 0"), .count("remove_weight", 0...1000),
        .delay("pause"),
    ]

    public static let spec = ParameterSpec("cart", .section(parameters),
                                           note: "present: clients add and remove items in shared carts (Dynamo's shopping cart)")

    /// The workload of a `cart:` section, or nil if the section is absent.
    public static func read(_ workload: ParameterSection) throws -> CartWorkload? {
        guard let field = try workload.field("cart") else { return nil }
        let s = try workload.section("cart")
        var w = CartWorkload()
        w.carts = try s.int("carts", default: w.carts)
        w.items = try s.int("items", default: w.items)
        w.addWeight = try s.int("add_weight", default: w.addWeight)
        w.removeWeight = try s.int("remove_weight", default: w.removeWeight)
        w.pause = try s.duration("pause", default: w.pause)
        if w.addWeight + w.removeWeight == 0 { throw field.error("at least one of add_weight, remove_weight must be positive") }
        return w
    }

    public static func key(_ cart: Int) -> String { "cart\(cart)" }

    /// A change drawn from three rolls of the run's generator
    /// (`random(below:)` of `carts`, `items` and `addWeight + removeWeight`).
    public func change(cart: Int, item: Int, roll: Int) -> CartChange {
        CartChange(action: roll < addWeight ? .add : .remove, cart: cart, item: item)
    }
}

/// One change to a cart: add or remove one item.
public struct CartChange: Sendable, Hashable, CustomStringConvertible {
    public enum Action: String, Sendable, Hashable { case add, remove }
    public var action: Action
    public var cart: Int
    public var item: Int

    public init(action: Action, cart: Int, item: Int) { self.action = action; self.cart = cart; self.item = item }

    public var key: String { CartWorkload.key(cart) }
    /// The history's `f`: `add` or `remove`.
    public var f: String { action.rawValue }
    public var historyValue: HistoryValue { .int(Int64(item)) }

    /// `items` (a bitmask) with this change made.
    public func applied(to items: Int64) -> Int64 {
        action == .add ? items | (1 << Int64(item)) : items & ~(1 << Int64(item))
    }

    public var description: String { "\(action.rawValue) \(item) \(key)" }
}

/// A cart's items as the value the stores keep (a bitmask) and as a history's list.
public enum CartItems {
    public static func list(_ items: Int64) -> [Int] { (0..<63).filter { items & (1 << Int64($0)) != 0 } }
    public static func historyValue(_ items: Int64) -> HistoryValue { .list(list(items).map { .int(Int64($0)) }) }
    public static func show(_ items: Int64) -> String { "{" + list(items).map(String.init).joined(separator: ",") + "}" }
}

/// Where a cart client is in the workload, and the history lines it records
/// (Jepsen's conventions: after `info` it carries on as a new process). The
/// Raft and quorum cart clients keep one each and differ only in how they
/// talk to their store.
public struct CartProgress: Sendable, Hashable {
    public enum Step: Sendable, Hashable {
        case idle
        case reading(CartChange)
        case writing(CartChange)
        case finalRead(cart: Int)
    }

    public let cart: CartWorkload
    /// Changes each client makes before its final reads.
    public let ops: Int
    let clients: Int
    public private(set) var process: Int
    /// Changes completed (ok, fail or info).
    public private(set) var completed = 0
    /// Carts read after the last change.
    public private(set) var finalReads = 0
    public var step: Step = .idle

    public init(cart: CartWorkload, ops: Int, id: NodeID, layout: ClusterLayout) {
        self.cart = cart; self.ops = ops; clients = layout.clientCount
        process = id.index - layout.serverCount
    }

    public var isDone: Bool { completed >= ops && finalReads >= cart.carts }

    /// Starts the next change (made by `change`) or final read and returns its
    /// invoke line; nil when the workload is done.
    public mutating func next(_ change: () -> CartChange) -> HistoryOperation? {
        if completed < ops {
            let c = change()
            step = .reading(c)
            return HistoryOperation(process: process, type: .invoke, f: c.f, key: c.key, value: c.historyValue)
        }
        guard finalReads < cart.carts else { step = .idle; return nil }
        step = .finalRead(cart: finalReads)
        return HistoryOperation(process: process, type: .invoke, f: "read", key: CartWorkload.key(finalReads), value: .null)
    }

    /// Ends the change or final read under way (`items`: what an `ok` final
    /// read found) and returns its completion line; nil when idle.
    public mutating func finish(_ type: HistoryOperation.Kind, items: Int64? = nil) -> HistoryOperation? {
        let line: HistoryOperation
        switch step {
        case .reading(let c), .writing(let c):
            line = HistoryOperation(process: process, type: type, f: c.f, key: c.key, value: c.historyValue)
            completed += 1
        case .finalRead(let k):
            line = HistoryOperation(process: process, type: type, f: "read", key: CartWorkload.key(k),
                                    value: items.map(CartItems.historyValue) ?? .null)
            if type == .ok { finalReads += 1 }
        case .idle:
            return nil
        }
        if type == .info { process += clients }
        step = .idle
        return line
    }

    /// The node box's fields: progress and the change under way.
    public var fields: [NodeSummary.Field] {
        var fields: [NodeSummary.Field] = [
            .init("process", String(process)), .init("done", "\(completed)/\(ops)"),
            .init("carts_read", "\(finalReads)/\(cart.carts)"),
        ]
        switch step {
        case .reading(let c), .writing(let c): fields.append(.init("change", c.description))
        case .finalRead(let k): fields.append(.init("change", "final read \(CartWorkload.key(k))"))
        case .idle: break
        }
        return fields
    }
}
