import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import LabKit

/// The quorum labs' tasks check the mechanism, not a value a student can
/// type in: each cheat here reaches the value without the mechanism and
/// must not score.
@Suite struct QuorumLabTaskTests {
    /// Plays the shipped lab with its reference answers, one of them replaced.
    static func score(_ lab: String, replacing line: String, with cheat: String) throws -> (score: Int, max: Int) {
        let path = BuiltBinary.packageRoot.appendingPathComponent("Labs/\(lab).yaml").path
        let answersPath = LabLibrary.answersPath(for: path)
        let reference = try String(contentsOfFile: answersPath, encoding: .utf8)
        #expect(reference.contains(line), "\(answersPath) no longer has \(line)")
        let sheet = try AnswerSheet.load(SourceText(name: answersPath, text: reference.replacingOccurrences(of: line, with: cheat)))
        let loaded = try LabLoader.load(SourceText(name: path, text: String(contentsOfFile: path, encoding: .utf8)))
        let outcome = try LabPlayer.play(loaded, answers: sheet)
        return (outcome.score, outcome.max)
    }

    @Test func writingTheValueToTheStaleReplicaIsNotARepair() throws {
        let cheat = try Self.score("replication/anti-entropy", replacing: #"["request n2 read k0 all"]"#,
                                   with: #"["request n3 write k0 777"]"#)
        #expect(cheat.score == cheat.max - 1, "the write puts 777 on n3 but repairs nothing: \(cheat)")
    }

    @Test func aReadAtOneRepairsNothingSoItFailsTheTask() throws {
        let cheat = try Self.score("replication/anti-entropy", replacing: #"["request n2 read k0 all"]"#,
                                   with: #"["request n3 read k0 one"]"#)
        #expect(cheat.score == cheat.max - 1, "n3 at ONE asks only itself: \(cheat)")
    }

    @Test(arguments: [#"["request n1 write k0 42 quorum"]"#,   // the majority side: it succeeds
                      #"["request n3 write k0 42 one"]"#,      // ONE on the small side: it succeeds
                      #"["request n3 read k0 quorum"]"#])      // a read, not a write
    func onlyAFailedQuorumWriteOnTheSmallSidePassesTheTask(_ cheat: String) throws {
        let played = try Self.score("cap/tunable-consistency", replacing: #"["request n3 write k0 42 quorum"]"#, with: cheat)
        #expect(played.score == played.max - 1, "\(cheat): \(played)")
    }
}
