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

/// Issue 12's "done when": seeded hostile scenarios and labs (extreme and
/// zero durations, huge counts, wrong types, tags, junk) through `run` and
/// `lab validate` in this process. Every answer is exit 0, 1 or 2; every
/// exit 2 has a location; runs stay within their step and event bounds.
/// `CLUSTERLAB_SEED=n` replays one case; `CLUSTERLAB_FUZZ_TRACE=1` prints
/// each seed before it runs (to find one that kills the process);
/// `clusterlab bench fuzz --cases N --seed S` runs more.
@Suite struct InputFuzzTests {
    static let stepBudget: Int64 = 400
    static let eventBound = 200_000

    @Test func hostileScenariosAndLabsAnswerWithinBounds() {
        let trace = ProcessInfo.processInfo.environment["CLUSTERLAB_FUZZ_TRACE"] == "1"
        var exits = [Int32: Int]()
        for seed in TestSeeds.sweep(1_500, base: 1_000_000) {
            let c = InputFuzz.makeCase(seed: seed)
            if trace { FileHandle.standardError.write(Data("fuzz seed \(seed)\n".utf8)) }
            let o = InputFuzz.check(c, stepBudget: Self.stepBudget)
            exits[o.exitCode, default: 0] += 1
            if trace { FileHandle.standardError.write(Data("  exit \(o.exitCode) \(o.errors.first?.message ?? "")\n".utf8)) }
            let replay = "replay: CLUSTERLAB_SEED=\(seed) swift test --filter InputFuzzTests\n\(c.text)"
            #expect((0...2).contains(o.exitCode), "seed \(seed): exit \(o.exitCode)\n\(replay)")
            if o.exitCode == 2 {
                #expect(!o.errors.isEmpty, "seed \(seed): exit 2 without a message\n\(replay)")
                for e in o.errors {
                    #expect(e.line >= 1 && e.column >= 1 && !e.message.isEmpty && e.file == c.name, "seed \(seed): \(e)\n\(replay)")
                }
            }
            #expect(o.steps <= Self.stepBudget && o.events <= Self.eventBound, "seed \(seed): \(o.steps) steps, \(o.events) events\n\(replay)")
        }
        // Peak memory of the whole test process: far below what one unbounded case used to take (GBs).
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #expect(usage.ru_maxrss / 1024 < 3_000, "peak RSS \(usage.ru_maxrss / 1024) MB")
        print("InputFuzzTests: exits \(exits.sorted { $0.key < $1.key })")
        // The generator reaches every outcome (so the checks above can fail).
        #expect(exits[0, default: 0] > 0 && exits[2, default: 0] > 0, "\(exits)")
    }
}
