/// The one rule for "the right choice gives itself away by its length",
/// shared by `lab validate` (ask and predict steps) and quiz banks
/// (`clusterlab quiz TOPIC --validate`).
public enum ChoiceBalance {
    /// A right choice this much longer than every wrong one is "longest by
    /// far": students learn to pick the longest answer, whatever its order.
    public static let longestByFar = 1.5

    /// The warning for a question with one right choice (`right` indexes
    /// `texts`) at least `longestByFar` times as long as the longest wrong
    /// one; nil when it is balanced or has no single right choice.
    public static func warning(texts: [String], right: [Int]) -> String? {
        guard right.count == 1, texts.count > 1 else { return nil }
        let longestWrong = texts.indices.filter { $0 != right[0] }.map { texts[$0].count }.max() ?? 0
        let length = texts[right[0]].count
        guard Double(length) >= longestByFar * Double(max(longestWrong, 1)) else { return nil }
        return "warning: the right choice is the longest by far (\(length) characters, the longest wrong one \(longestWrong)); students learn to pick it by its length: shorten it or lengthen the others"
    }

    /// The warning for a choice question whose right choices are marked in the file.
    public static func warning(_ question: Question) -> String? {
        guard case .choice(let options, _) = question.answer else { return nil }
        return warning(texts: options.map(\.text), right: options.indices.filter { options[$0].correct })
    }
}
