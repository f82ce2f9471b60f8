import ClusterSim

/// A guided lab: a scenario and the steps a student goes through.
public struct Lab {
    public var id: String
    public var title: String
    public var topic: String
    public var summary: String
    public var prerequisites: [String]
    public var minutes: Int
    /// A link into Courseware/, e.g. `Courseware/raft.md#leader-election`.
    public var courseware: String?
    /// The scenario the lab starts with: `scenario:`, else the first of `scenarios:`.
    public var scenario: Scenario
    /// Named scenarios a `use:` step switches to (`scenarios: {ap: …, cp: …}`).
    public var scenarios: [String: Scenario] = [:]
    public var steps: [LabStep]
    public var source: SourceText
    /// The real systems (`etcd`, …) `lab open LAB --real SYSTEM` may run
    /// this simulator lab against (its top-level `real:`).
    public var realSystems: [String] = []
    /// Every step as written, with the ones marked `real: only`, which
    /// `steps` (what the simulator plays) leaves out; `onRealCluster` reads these.
    public var authoredSteps: [LabStep] = []

    /// The most points a student can score.
    public var maxScore: Int { steps.reduce(0) { $0 + $1.points } }

    /// Index of the step with this id.
    public func index(of id: String) -> Int? { steps.firstIndex { $0.id == id } }
    public var checkpoints: [(name: String, index: Int)] {
        steps.enumerated().compactMap { i, s in if case .checkpoint(let n) = s.kind { return (n, i) } else { return nil } }
    }
}

/// One step of a lab.
public struct LabStep {
    public enum Kind {
        /// Narration (a Markdown subset).
        case say(String)
        case run(RunSpec)
        /// Actions in the engine's command syntax; `{expr}` is replaced by the
        /// node the expression names (`crash {leader}`).
        case perform([ActionTemplate])
        case ask(Question)
        case predict(Prediction)
        case task(LabTask)
        /// A named point an instructor can jump to.
        case checkpoint(String)
        /// A fresh run of one of the lab's named scenarios replaces the
        /// current one (which is finished); later steps act on the new run.
        case use(String)
    }

    public var id: String?
    public var kind: Kind
    /// Presenter notes, shown in instructor mode only.
    public var notes: String?
    /// Where the step starts in the lab file.
    public var line: Int
    public var column: Int = 1
    /// `real: skip` (left out against a real cluster) or `real: only` (left out in the simulator).
    public var real: RealMark?
    /// Why the step is skipped against a real cluster (`real_note:`), said in its place.
    public var realNote: String?

    public enum RealMark: String, Sendable, CaseIterable { case skip, only }

    public var points: Int {
        switch kind {
        case .ask(let q): return q.points
        case .predict(let p): return p.points
        case .task(let t): return t.points
        default: return 0
        }
    }

    /// Steps that wait for the student's answer or action.
    public var isInteractive: Bool { points > 0 }

    public var kindName: String {
        switch kind {
        case .say: return "say"
        case .run: return "run"
        case .perform: return "do"
        case .ask: return "ask"
        case .predict: return "predict"
        case .task: return "task"
        case .checkpoint: return "checkpoint"
        case .use: return "use"
        }
    }
}

/// Run the cluster for a while, or until a condition holds.
public struct RunSpec {
    public var until: Predicate?
    /// Run exactly this long (when there is no `until`).
    public var duration: Int64?
    /// Give up after this long (with `until`).
    public var limit: Int64
    /// Shown if `until` never held within the limit.
    public var otherwise: String?
}

/// An action with `{expression}` placeholders for nodes.
public struct ActionTemplate: Sendable, Hashable {
    public var text: String
    public var placeholders: [Predicate]
}

/// A checked question whose answer is in the lab file.
public struct Question {
    public enum Answer {
        case choice(options: [Choice], multiple: Bool)
        case number(value: Double, tolerance: Double)
        case text(accept: [String])
    }
    public struct Choice {
        public var text: String
        public var correct: Bool
        public var feedback: String?
    }
    public var prompt: String
    public var answer: Answer
    public var points: Int
    public var explanation: String?
}

/// A question whose key is computed from what the simulation then does.
public struct Prediction {
    public enum Key {
        /// Each option holds if its condition is true after the run.
        case choice([(text: String, when: Predicate, feedback: String?)])
        /// The answer is this expression's value after the run.
        case number(Predicate, tolerance: Double)
    }
    public var prompt: String
    public var key: Key
    /// What runs after the student commits.
    public var then: RunSpec
    public var points: Int
    public var explanation: String?
}

/// A goal reached by acting on the cluster, checked on the live state.
public struct LabTask {
    public var prompt: String
    public var goal: Predicate
    public var hints: [String]
    /// How long the cluster runs after the student acts, looking for the goal.
    public var limit: Int64
    public var points: Int
}
