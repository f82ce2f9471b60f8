import ArgumentParser
import ClusterSim
import Foundation

/// `clusterlab lincheck HISTORY.jsonl`: is a client history linearizable?
///
/// Prints `linearizable` (exit 0), or `not linearizable`, the key, and the
/// window of ops that cannot be ordered, one JSON line each (exit 1). A bad
/// file gets `FILE:LINE: message` on stderr (exit 2).
struct LincheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lincheck",
        abstract: "Check that a key-value history (read, write, cas; JSON Lines) is linearizable.")

    @Argument(help: "A history in JSON Lines, one Jepsen-shaped op a line.") var history: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: history), let text = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("\(history): cannot read the file as UTF-8 text\n".utf8))
            throw ExitCode(2)
        }
        var numbered: [(line: Int, operation: HistoryOperation)] = []
        do {
            numbered = try HistoryFile.parseNumbered(jsonLines: text)
            switch try LinearizabilityChecker.check(numbered.map(\.operation)) {
            case .linearizable:
                print("linearizable")
            case .notLinearizable(let key, let window):
                print("not linearizable")
                print("key: \(HistoryFile.jsonString(key))")
                for op in window { print(HistoryFile.jsonLine(op)) }
                throw ExitCode(1)
            }
        } catch let error as HistoryError {
            // The checker counts operations; the file counts lines (blank ones too).
            let line = numbered.isEmpty ? error.line : numbered[error.line - 1].line
            FileHandle.standardError.write(Data("\(history):\(line): \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
