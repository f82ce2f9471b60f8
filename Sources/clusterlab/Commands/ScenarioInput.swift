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
        let source = try readText(path)
        do {
            return try ProtocolCatalog.scenario(source)
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

/// A duration option such as `2s` or `150ms`, spelled as in scenario files
/// (`DurationSyntax`: no `0x10s`, `5 s` or `-1s`), up to the longest
/// virtual time a scenario can name.
struct DurationArgument: ExpressibleByArgument {
    var microseconds: Int64
    init?(argument: String) {
        guard DurationSyntax.isStrict(argument), let v = DurationText.parse(argument),
              ParameterSpec.horizonRange.contains(v) else { return nil }
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
