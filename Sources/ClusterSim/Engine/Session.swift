import Foundation

/// A saved run: the scenario's text, the seed, and every user action with the
/// step and virtual time it happened at. Replaying it reproduces the run bit
/// for bit, because a run is a function of exactly these. The file format is
/// documented in `Session+Format.swift`.
public struct Session: Codable, Sendable, Hashable {
    public struct RecordedAction: Codable, Sendable, Hashable {
        public var step: Int64
        public var time: Int64
        public var action: ClusterAction
        /// The action as a person reads it (not used to replay).
        public var text: String
    }

    /// Bumped when the format changes; older files are refused with a message.
    public static let currentVersion = 2

    public var version: Int
    public var scenarioName: String
    public var scenarioText: String
    public var seed: UInt64
    /// Where the run was when saved (replay goes there).
    public var step: Int64
    public var actions: [RecordedAction]
    /// The interface's speed when saved (virtual seconds per wall second), so `replay` keeps it.
    public var speed: Double?

    enum CodingKeys: String, CodingKey {
        case version, seed, step, actions, speed
        case scenarioName = "scenario_name", scenarioText = "scenario_text"
    }

    public init(scenarioName: String, scenarioText: String, run: ClusterRun, speed: Double? = nil) {
        self.speed = speed
        version = Session.currentVersion
        self.scenarioName = scenarioName
        self.scenarioText = scenarioText
        seed = run.seed
        step = run.stepCount
        actions = run.userActions.map {
            RecordedAction(step: $0.step, time: $0.time, action: $0.action, text: $0.action.describe(run.layout))
        }
    }

    /// Re-applies the recorded actions to a fresh run of the same scenario
    /// and seed, each at its step, then goes to the saved step.
    public func replay(into run: ClusterRun) {
        for a in actions {
            run.goTo(step: a.step)
            run.perform(a.action, at: VirtualTime(microseconds: a.time))
        }
        run.goTo(step: step)
    }

    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }

    /// Reads a session file; a problem becomes a message naming the file.
    public static func decode(_ data: Data, file: String) throws -> Session {
        let s: Session
        do { s = try JSONDecoder().decode(Session.self, from: data) }
        catch { throw SourceError(file: file, line: 1, column: 1, message: "not a ClusterLab session file: \(error)") }
        guard s.version == currentVersion else {
            throw SourceError(file: file, line: 1, column: 1,
                              message: "session format \(s.version) is not supported (this ClusterLab reads \(currentVersion))")
        }
        return s
    }
}
