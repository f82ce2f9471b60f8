import ClusterSim
import Foundation

/// Answers for playing a lab without the interface: reference answers beside
/// each shipped lab, or a student's. Keyed by step id:
///
/// ```yaml
/// answers:
///   q-majority: b              # a choice by letter; several: "a,c" or [a, c]
///   q-term: 2                  # a number
///   q-word: majority           # text
///   t-split:                   # a task: the actions that reach its goal
///     do: ["partition {leader} n1 | n2 n3"]
/// ```
public struct AnswerSheet {
    public enum Entry {
        case response(raw: String, choices: [Int]?)
        case actions([String])
    }
    public var entries: [String: Entry]

    public static func load(_ source: SourceText) throws -> AnswerSheet {
        let root = try YAMLField.document(source).mapping(allowed: ["lab", "answers"])
        var entries: [String: Entry] = [:]
        for (id, v) in try root.required("answers").mapping().fields {
            switch v.node {
            case .mapping:
                let m = try v.mapping(allowed: ["do"])
                let f = try m.required("do")
                if case .sequence = f.node { entries[id] = .actions(try f.sequence().map { try $0.string() }) }
                else { entries[id] = .actions([try f.string()]) }
            case .sequence:
                let letters = try v.sequence().map { try $0.string() }
                entries[id] = .response(raw: letters.joined(separator: ","), choices: try choiceIndices(letters, v))
            default:
                let s = try v.string()
                let parts = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let isLetters = parts.allSatisfy { $0.count == 1 && ("a"..."z").contains($0) }
                entries[id] = .response(raw: s, choices: isLetters ? try choiceIndices(parts, v) : nil)
            }
        }
        return AnswerSheet(entries: entries)
    }

    static func choiceIndices(_ letters: [String], _ f: YAMLField) throws -> [Int] {
        try letters.map { l in
            guard l.count == 1, let u = l.lowercased().unicodeScalars.first, u.value >= 97, u.value <= 122 else {
                throw f.error("choices are letters: a, b, c…")
            }
            return Int(u.value) - 97
        }
    }

    /// The response this sheet gives to an `ask`/`predict` step, in the form the step takes.
    public func response(for step: LabStep) -> LabResponse? {
        guard let id = step.id, case .response(let raw, let choices)? = entries[id] else { return nil }
        let wantsNumber: Bool
        switch step.kind {
        case .ask(let q):
            switch q.answer {
            case .choice: return choices.map(LabResponse.choices)
            case .number: wantsNumber = true
            case .text: return .text(raw)
            }
        case .predict(let p):
            if case .choice = p.key { return choices.map(LabResponse.choices) }
            wantsNumber = true
        default: return nil
        }
        return wantsNumber ? Double(raw).map(LabResponse.number) : nil
    }
}

/// Letters for choices: 0 → a.
public func choiceLetter(_ i: Int) -> String { String(UnicodeScalar(UInt8(97 + min(i, 25)))) }

