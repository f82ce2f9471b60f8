/// How a history's registers behave where history formats disagree: the value
/// every key starts with, and what a read that returned null tells.
///
/// Maelstrom's lin-kv (the default): keys start absent and a read of null saw
/// an absent key. Knossos's `cas-register` (knossos.model/CASRegister): a read
/// that completed with nil observed nothing and fits any state, and its tests
/// build registers that start at 0 (`(cas-register 0)`).
public struct RegisterSemantics: Sendable, Hashable {
    /// The value every key holds before any write; nil: the key is absent.
    public var initial: HistoryValue?
    /// A read that completed `ok` with null constrains nothing (Knossos).
    public var nullReadObservesNothing: Bool

    public init(initial: HistoryValue? = nil, nullReadObservesNothing: Bool = false) {
        self.initial = initial; self.nullReadObservesNothing = nullReadObservesNothing
    }

    /// Maelstrom's lin-kv: absent keys, a null read saw an absent key.
    public static let maelstrom = RegisterSemantics()
    /// Knossos's cas-register: a nil read observed nothing.
    public static let knossos = RegisterSemantics(nullReadObservesNothing: true)
}
