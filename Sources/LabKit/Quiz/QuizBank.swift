import ClusterSim

/// A topic's bank of checked questions (`Courseware/quizzes/TOPIC.yaml`),
/// in the same format as a lab's `ask` steps:
///
/// ```yaml
/// topic: raft
/// questions:
///   - id: majority
///     prompt: Why does Raft need a majority to commit?
///     choices:
///       - {text: Any two majorities overlap, correct: true}
///       - Majorities are faster
/// ```
public struct QuizBank {
    public struct Item {
        public var id: String
        public var question: Question
        /// Where the question starts in the bank (its `- id:` line).
        public var line = 1, column = 1
    }
    public var topic: String
    public var items: [Item]
    /// The bank's file, for locating warnings.
    public var source: SourceText

    public static func load(_ source: SourceText) throws -> QuizBank {
        let map = try YAMLField.document(source).mapping(allowed: ["topic", "questions"])
        let reader = StepReader(layout: ClusterLayout(servers: 1), fields: [])
        var seen = Set<String>()
        let items = try map.required("questions").sequence().map { f -> Item in
            let m = try f.mapping(allowed: ["id", "prompt", "choices", "multiple", "number", "tolerance", "accept", "points", "explanation"])
            let idField = try m.required("id")
            let id = try LabLoader.identifier(idField)
            guard seen.insert(id).inserted else { throw idField.error("question id '\(id)' is used twice") }
            return Item(id: id, question: try reader.question(f, allowedExtra: ["id"]), line: f.line, column: f.column)
        }
        if items.isEmpty { throw try map.required("questions").error("a quiz bank needs at least one question") }
        return QuizBank(topic: try map.required("topic").string(), items: items, source: source)
    }

    /// Questions whose right choice is the longest by far (the rule `lab
    /// validate` applies to labs): the bank can be used, but should be fixed.
    public var warnings: [SourceError] {
        items.compactMap { item in
            ChoiceBalance.warning(item.question).map { source.error(line: item.line, column: item.column, $0) }
        }
    }

    /// `count` questions drawn without repetition, in a seeded order.
    public func draw(_ count: Int, seed: UInt64) -> [Item] {
        var random = SeededRandom(seed: seed)
        var pool = items
        var out: [Item] = []
        while out.count < min(count, items.count) {
            out.append(pool.remove(at: Int(random.below(UInt64(pool.count)))))
        }
        return out
    }
}

/// Scores a quiz: each answer graded like a lab question.
public struct QuizScore: Sendable, Hashable {
    public var got = 0
    public var max = 0
    public init() {}
    public mutating func add(_ verdict: LabVerdict, of points: Int) {
        got += verdict.points
        max += points
    }
}
