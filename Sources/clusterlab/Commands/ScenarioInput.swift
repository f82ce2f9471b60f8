import ArgumentParser
import ClusterSim
import ClusterProtocols
import Foundation

/// Exit codes every command shares: 0 ok, 1 a checker found a violation, 2 bad input.
enum Exit {
    static let violation = ExitCode(1)
    static let badInput = ExitCode(2)
}

/// Prints to standard error, with any terminal control characters from a
/// file's text (quoted in error messages) made inert.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((TerminalText.inert(s, keepingLayout: true) + "\n").utf8))
}

/// Reads and parses a scenario file, printing `file:line:column` errors and
/// exiting 2 on any problem.
enum ScenarioInput {
    static func load(_ path: String) throws -> Scenario {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let t = String(data: data, encoding: .utf8) else {
                printError("\(path):1:1: the file is not UTF-8 text")
                throw Exit.badInput
            }
            text = t
        } catch let e as ExitCode {
            throw e
        } catch {
            printError("\(path): cannot read the file: \(error.localizedDescription)")
            throw Exit.badInput
        }
        do {
            return try ProtocolCatalog.scenario(SourceText(name: path, text: text))
        } catch let e as SourceError {
            printError(e.description)
            throw Exit.badInput
        }
    }

    static func makeRun(_ scenario: Scenario, seed: UInt64?, options: SimulationOptions = SimulationOptions()) throws -> ClusterRun {
        do {
            return try ProtocolCatalog.makeRun(scenario, seed: seed, options: options)
        } catch let e as SourceError {
            printError(e.description)
            throw Exit.badInput
        }
    }
}

/// A duration option such as `2s` or `150ms`.
struct DurationArgument: ExpressibleByArgument {
    var microseconds: Int64
    init?(argument: String) {
        guard let v = DurationText.parse(argument) else { return nil }
        microseconds = v
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

/// Writes lines to a file or standard output, buffered.
final class LineWriter {
    private var buffer = ""
    private let handle: FileHandle

    init(path: String?) throws {
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                printError("\(path): cannot create the file")
                throw Exit.badInput
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } else {
            handle = FileHandle.standardOutput
        }
    }

    func write(_ line: String) {
        buffer += line
        buffer += "\n"
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    func flush() {
        handle.write(Data(buffer.utf8))
        buffer = ""
    }
}
