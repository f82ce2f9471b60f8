import Testing
import Foundation
import ClusterSim
import TestSupport
@testable import LabKit

/// Whatever the input, validation answers: no crash, no hang. Each seed
/// mutates a shipped lab (drops, duplicates or truncates lines, flips
/// bytes, swaps indentation) and validates it with a step budget.
@Suite struct LabFuzzTests {
    static let sources: [String] = ShippedLabTests.labs.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }

    @Test(arguments: TestSeeds.sweep(60))
    func validationAlwaysAnswers(seed: UInt64) {
        var r = SeededRandom(seed: seed)
        guard !Self.sources.isEmpty else { Issue.record("no shipped labs to mutate"); return }
        var lines = Self.sources[Int(r.below(UInt64(Self.sources.count)))].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<(1 + Int(r.below(3))) {
            guard !lines.isEmpty else { break }
            let i = Int(r.below(UInt64(lines.count)))
            switch r.below(6) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2: lines = Array(lines.prefix(i))
            case 3: lines[i] = "  " + lines[i]
            case 4:
                var bytes = Array(lines[i].utf8)
                if !bytes.isEmpty { bytes[Int(r.below(UInt64(bytes.count)))] = UInt8(r.below(128)) }
                lines[i] = String(decoding: bytes, as: UTF8.self)
            default: lines[i] = String(lines[i].prefix(Int(r.below(UInt64(lines[i].count + 1)))))
            }
        }
        let errors = LabValidator.validate(SourceText(name: "fuzz-\(seed).yaml", text: lines.joined(separator: "\n")),
                                           stepBudget: 50_000)
        for e in errors {
            #expect(e.line >= 1 && e.column >= 1 && !e.message.isEmpty, "seed \(seed): \(e)")
        }
    }
}
