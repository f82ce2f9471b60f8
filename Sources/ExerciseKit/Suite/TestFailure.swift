import ClusterSim

/// A property of a test that did not hold: which, why, and the moment of the
/// run (step and virtual time) where the test saw it.
public struct TestFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The property's name as the suite states it (`election safety`, `a leader within 2 election timeouts`).
    public var property: String
    /// What is wrong, in the run's terms (`two leaders in term 3: n1 and n3`).
    public var message: String
    public var step: Int64
    /// Virtual time, µs.
    public var time: Int64
    /// When the run went through starter code: what is not implemented yet
    /// (the first `todo(...)` it hit). A failure with this set is reported as
    /// "not implemented yet", never as a bug.
    public var todo: String?

    public init(property: String, message: String, step: Int64, time: Int64, todo: String? = nil) {
        self.property = property; self.message = message; self.step = step; self.time = time; self.todo = todo
    }

    public var description: String {
        if let todo { return "not implemented yet: \(todo)" }
        return "\(property): \(message)"
    }
}

/// The prefix starter code writes to a node's log where a TODO is: the
/// runner recognises it and reports the test as not implemented yet.
public let todoLogPrefix = "not implemented yet: "

/// Marks a part of an exercise the student has still to write. It logs one
/// line (which the suite's report turns into "not implemented yet: WHAT") and
/// does nothing else, so starter code compiles, runs, and fails its tests
/// clearly instead of crashing.
public func todo<Node>(_ what: String, _ context: inout NodeContext<Node>) {
    context.log(todoLogPrefix + what)
}
