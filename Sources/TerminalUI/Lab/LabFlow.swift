import LabKit

/// How a lab unfolds on screen, apart from scoring: where it opens, what
/// its runs say in words, which question of how many is up, and what comes
/// after the last step.
enum LabFlow {
    /// What a lab shows when opened. A fresh lab whose first question comes
    /// after runs or actions opens at its start: only the opening narration,
    /// with the cluster untouched until the student goes on (`]`). Otherwise
    /// (a resumed lab, or one that asks before anything runs) it plays up to
    /// its first question as before.
    static func opening(_ runner: LabRunner) -> [(step: Int, event: LabEvent)] {
        let steps = runner.lab.steps
        let firstQuestion = steps.firstIndex { $0.isInteractive } ?? steps.count
        let movesFirst = steps.prefix(firstQuestion).contains { step in
            switch step.kind {
            case .run, .perform: return true
            default: return false
            }
        }
        guard runner.position == 0, movesFirst else { return runner.advance() }
        var events: [(step: Int, event: LabEvent)] = []
        for (i, step) in steps.enumerated() {
            guard case .say(let text) = step.kind else { break }
            events.append((i, .narration(text)))
        }
        return events
    }

    /// True while the lab is at its start and nothing has run yet.
    static func atStart(_ runner: LabRunner) -> Bool {
        runner.position == 0 && runner.current.map { !$0.isInteractive } == true
    }

    /// The events as the guide shows them: a run's condition in words.
    static func inWords(_ events: [(step: Int, event: LabEvent)], _ lab: Lab) -> [LabEvent] {
        events.map { step, event in
            guard case .ran(let description, let reached) = event, lab.steps.indices.contains(step),
                  case .run(let spec) = lab.steps[step].kind, let until = spec.until else { return event }
            return .ran(description: description.replacing(until.text, with: PredicateWords.describe(until)),
                        reached: reached)
        }
    }

    /// "3 of 8": the step's place among the lab's questions and tasks.
    static func questionNumber(_ index: Int, in lab: Lab) -> (number: Int, of: Int) {
        let interactive = lab.steps.indices.filter { lab.steps[$0].isInteractive }
        return ((interactive.firstIndex(of: index) ?? 0) + 1, interactive.count)
    }
}

/// The lab after this one in teaching order, offered on the finish screen.
public struct NextLab: Hashable, Sendable {
    public var title: String
    public var path: String
    public init(title: String, path: String) { self.title = title; self.path = path }

    /// The lab that follows `id` in the library's teaching order, if any.
    public static func after(_ id: String, in library: LabLibrary) -> NextLab? {
        let order = TeachingOrder.sorted(library.entries)
        guard let i = order.firstIndex(where: { $0.id == id }), i + 1 < order.count else { return nil }
        return NextLab(title: order[i + 1].title, path: order[i + 1].path)
    }
}
