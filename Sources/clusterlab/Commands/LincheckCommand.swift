import ArgumentParser
import ClusterSim
import LabKit
import Foundation

/// `clusterlab lincheck HISTORY`: is a client history linearizable?
///
/// Prints `linearizable` (exit 0), or `not linearizable`, the key, and the
/// window of ops that cannot be ordered, one JSON line each (exit 1). A bad
/// file gets `FILE:LINE:COLUMN: message` on stderr (exit 2). A key the checker
/// cannot decide within its budget gets `unknown: gave up on key K after N
/// states` (exit 3).
struct LincheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lincheck",
        abstract: "Check that a key-value history (read, write, cas) is linearizable.",
        discussion: """
            The history is JSON Lines (one Jepsen-shaped op a line: {"process":0,"type":"invoke",\
            "f":"write","key":"x","value":3}), or Jepsen's and Knossos's EDN when the file ends \
            in .edn ({:process 0, :type :invoke, :f :write, :value 3}; ops of :nemesis are \
            skipped, ops without :key share one register). EDN follows Knossos's cas-register: \
            a read that completed with nil observed nothing. In both, a fail op did not happen, \
            except a cas whose :error is precondition-failed or key-does-not-exist (Maelstrom codes \
            22, 20): it ran and \
            found another value, and is checked as that observation.

            Exit status: 0 linearizable; 1 not linearizable (the key and a small window of \
            ops that cannot be ordered follow); 2 the file cannot be read or has a bad line; 3 unknown: a key \
            needed more than --budget search states (prints "unknown: gave up on key K \
            after N states").
            """)

    @Argument(help: "A history: JSON Lines, or EDN if the name ends in .edn.") var history: String
    @Option(help: "Search states a key may take before the checker gives up (exit 3).")
    var budget = LinearizabilityChecker.defaultBudget
    @Option(help: ArgumentHelp("The value every key holds before its first write (Knossos's tests use 0); default: absent.",
                               valueName: "VALUE"))
    var initial: String?

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget must be positive") }
    }

    /// `--initial`: an integer, null/nil, or else a string.
    static func initialValue(_ text: String) -> HistoryValue {
        if let n = Int64(text) { return .int(n) }
        if text == "null" || text == "nil" { return .null }
        return .string(text)
    }

    func run() throws {
        let format = HistoryFile.Format(path: history)
        var semantics: RegisterSemantics = format == .edn ? .knossos : .maelstrom
        semantics.initial = initial.map(Self.initialValue)
        let text = try Self.readText(history)
        var located: [HistoryFile.Located] = []
        do {
            located = try HistoryFile.read(text, format: format)
            switch try LinearizabilityChecker.check(located.map(\.operation), budget: budget, semantics: semantics) {
            case .linearizable:
                print("linearizable")
            case .notLinearizable(let key, let window):
                print("not linearizable")
                print("key: \(HistoryFile.jsonString(key))")
                for op in window { print(HistoryFile.jsonLine(op)) }
                throw ExitCode(1)
            }
        } catch let undecided as LinearizabilityUndecided {
            print("unknown: \(undecided)")
            throw ExitCode(3)
        } catch var error as HistoryError {
            // The checker counts operations; the file counts lines (blank ones too).
            if !located.isEmpty, located.indices.contains(error.line - 1) {
                let op = located[error.line - 1]
                (error.line, error.column) = (op.line, op.column)
            }
            printError("\(history):\(error.line):\(error.column): \(error.message)")
            throw ExitCode(2)
        }
    }

    /// The file's text (at most `InputFile.historyLimit`), or exit 2 naming the file and what is wrong.
    static func readText(_ path: String) throws -> String {
        do {
            guard let text = String(data: try InputFile.bytes(path, limit: InputFile.historyLimit), encoding: .utf8) else {
                printError("\(path): is not UTF-8 text")
                throw ExitCode(2)
            }
            return text
        } catch let problem as InputFile.Problem {
            printError("\(problem)")
            throw ExitCode(2)
        }
    }
}
