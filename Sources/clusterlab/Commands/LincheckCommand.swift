import ArgumentParser
import ClusterSim
import Foundation

/// `clusterlab lincheck HISTORY.jsonl`: is a client history linearizable?
///
/// Prints `linearizable` (exit 0), or `not linearizable`, the key, and the
/// window of ops that cannot be ordered, one JSON line each (exit 1). A bad
/// file gets `FILE:LINE: message` on stderr (exit 2). A key the checker cannot
/// decide within its budget gets `unknown: gave up on key K after N states`
/// (exit 3).
struct LincheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lincheck",
        abstract: "Check that a key-value history (read, write, cas; JSON Lines) is linearizable.",
        discussion: """
            Exit status: 0 linearizable; 1 not linearizable (the key and a small window of \
            ops that cannot be ordered follow); 2 the file cannot be read or has a bad line; 3 unknown: a key \
            needed more than --budget search states (prints "unknown: gave up on key K \
            after N states").
            """)

    @Argument(help: "A history in JSON Lines, one Jepsen-shaped op a line.") var history: String
    @Option(help: "Search states a key may take before the checker gives up (exit 3).")
    var budget = LinearizabilityChecker.defaultBudget

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget must be positive") }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: history), let text = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("\(history): cannot read the file as UTF-8 text\n".utf8))
            throw ExitCode(2)
        }
        var numbered: [(line: Int, operation: HistoryOperation)] = []
        do {
            numbered = try HistoryFile.parseNumbered(jsonLines: text)
            switch try LinearizabilityChecker.check(numbered.map(\.operation), budget: budget) {
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
        } catch let error as HistoryError {
            // The checker counts operations; the file counts lines (blank ones too).
            let line = numbered.isEmpty ? error.line : numbered[error.line - 1].line
            FileHandle.standardError.write(Data("\(history):\(line): \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
