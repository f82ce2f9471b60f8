/// One client command a protocol takes at a node (`write KEY VALUE`), with an
/// example: what the interface's `r` prompt shows, completes and checks
/// before sending, so a mistyped command is refused where it was typed
/// instead of vanishing into the node's log.
public struct CommandUsage: Hashable, Sendable {
    public var verb: String
    /// Argument names; an optional one in brackets (`[N]`).
    public var arguments: [String]
    public var example: String
    public var help: String
    public init(_ verb: String, _ arguments: [String] = [], example: String, help: String) {
        self.verb = verb; self.arguments = arguments; self.example = example; self.help = help
    }

    /// `write KEY VALUE`.
    public var usage: String { ([verb] + arguments).joined(separator: " ") }

    var argumentCounts: ClosedRange<Int> { arguments.filter { !$0.hasPrefix("[") }.count...arguments.count }

    /// Why `text` is not one of `commands`, in words; nil if it is (or the
    /// list is empty, when the protocol itself says it takes none).
    public static func problem(_ text: String, among commands: [CommandUsage]) -> String? {
        guard !commands.isEmpty else { return nil }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let verb = words.first else { return "empty command" }
        guard let c = commands.first(where: { $0.verb == verb.lowercased() }) else {
            return "unknown command '\(verb)': try " + commands.map(\.example).joined(separator: ", ")
        }
        guard c.argumentCounts.contains(words.count - 1) else { return "usage: \(c.usage), for example \(c.example)" }
        return nil
    }
}
