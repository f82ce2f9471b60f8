import LabKit

/// The lab guide pane: what the lab's steps did since the last question,
/// the verdict on the latest answer, and how it is being used.
public struct GuideState: Hashable, Sendable {
    public var labID: String
    /// Answers and presenter notes shown; checkpoint jumps; nothing saved.
    public var instructor: Bool
    /// What the steps up to the current one did (narration, runs, actions).
    public var transcript: [LabEvent] = []
    /// The verdict on the latest answer or task check.
    public var verdict: LabVerdict?
    /// The current question was answered (or the task done): `]` or enter goes on.
    public var awaitingNext = false
    /// The checkpoint last jumped to (instructor), so `G` keeps going back.
    public var lastCheckpoint: Int?
    /// Lines scrolled down in the guide.
    public var scroll = 0
    /// The lab after this one in teaching order (the finish screen offers it).
    public var nextLab: NextLab?
    public init(labID: String, instructor: Bool) { self.labID = labID; self.instructor = instructor }
}
