import ClusterSim
import ClusterProtocols

/// The order one student sees a question's choices in: a permutation drawn
/// from their progress id and the question, so it is the same every time
/// they see that question, differs between students, and the right answer
/// is not always "b". Answers are mapped back to the author's letters before
/// grading and saving, so answers files and saved progress keep the lab
/// file's letters.
public struct ChoiceOrder: Sendable, Hashable {
    /// `shown[k]` is the author's index of the choice shown k-th.
    public let shown: [Int]

    /// The author's order (instructors, answers files, no progress id).
    public init(authorsOrderOf count: Int) { self.init(shown: Array(0..<max(0, count))) }

    init(shown: [Int]) { self.shown = shown }

    /// A seeded shuffle (Fisher–Yates with the engine's generator, seeded by
    /// 64-bit FNV-1a of `seed` and `question`: the same on every machine).
    public init(count: Int, seed: String?, question: String) {
        guard let seed else { self.init(authorsOrderOf: count); return }
        var order = Array(0..<max(0, count))
        var random = SeededRandom(seed: ReplicaRing.fnv1a(seed + "\u{1F}" + question))
        var i = order.count - 1
        while i > 0 {
            order.swapAt(i, Int(random.below(UInt64(i + 1))))
            i -= 1
        }
        self.init(shown: order)
    }

    /// The author's index of the choice shown at `position`, nil past the end.
    public func authorIndex(shownAt position: Int) -> Int? { shown.indices.contains(position) ? shown[position] : nil }

    /// Where the author's choice `index` is shown.
    public func position(ofAuthorIndex index: Int) -> Int? { shown.firstIndex(of: index) }

    /// A response in shown letters turned into the author's; nil if a letter
    /// is past the last choice.
    public func authorResponse(_ response: LabResponse) -> LabResponse? {
        guard case .choices(let picked) = response else { return response }
        let mapped = picked.compactMap(authorIndex(shownAt:))
        return mapped.count == picked.count ? .choices(mapped) : nil
    }

    /// A response in the author's letters as this student saw it.
    public func shownResponse(_ response: LabResponse) -> LabResponse {
        guard case .choices(let picked) = response else { return response }
        return .choices(picked.compactMap(position(ofAuthorIndex:)))
    }
}

extension LabStep {
    /// How many choices the step offers (0 if it takes no choice).
    public var choiceCount: Int {
        switch kind {
        case .ask(let q): if case .choice(let options, _) = q.answer { return options.count }
        case .predict(let p): if case .choice(let options) = p.key { return options.count }
        default: break
        }
        return 0
    }
}

extension LabRunner {
    /// The order this student sees `step`'s choices in.
    public func choiceOrder(for step: LabStep) -> ChoiceOrder {
        ChoiceOrder(count: step.choiceCount, seed: choiceSeed, question: "\(lab.id)/\(step.id ?? "step-\(step.line)")")
    }
}
