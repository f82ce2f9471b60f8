import ClusterSim
import Foundation
import Testing
import TestSupport
@testable import TerminalUI

/// The instructor guide's table of `:` commands is what a lecturer types on a
/// projector: every line of it must parse, and every command the prompt
/// knows must be in it (issue 11: the guide said `:cut` did not exist).
@Suite struct InstructorGuideConsoleTests {
    static let guide = BuiltBinary.packageRoot.appendingPathComponent("Courseware/instructor-guide.md")

    /// The commands in the guide's ```text block under "The `:` command line",
    /// one per `:` (a line may hold several, separated by spaces).
    static func guideCommands() throws -> [String] {
        let text = try String(contentsOf: guide, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "### The `:` command line").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```text\n").dropFirst().first?.components(separatedBy: "```").first)
        // ":filter n3   :filter send drop   filter the event log": a command
        // starts with a `:` after a space and runs to two spaces or the end.
        let regex = try NSRegularExpression(pattern: #"(?:^|(?<=\s)):([a-z][^\n]*?)(?=\s{2,}|$)"#, options: .anchorsMatchLines)
        return regex.matches(in: block, range: NSRange(block.startIndex..., in: block)).compactMap {
            Range($0.range(at: 1), in: block).map { String(block[$0]) }
        }
    }

    @Test func everyCommandTheGuideShowsParses() throws {
        let commands = try Self.guideCommands()
        #expect(commands.count >= 15, "\(commands)")
        let layout = ClusterLayout(servers: 5, clients: 2)
        for command in commands {
            if case .failure(let e) = ConsoleCommand.parse(command, layout: layout) {
                Issue.record("the guide's `:\(command)` does not parse: \(e)")
            }
        }
    }

    @Test func everyCommandThePromptKnowsIsInTheGuide() throws {
        let verbs = Set(try Self.guideCommands().compactMap { $0.split(separator: " ").first.map(String.init) })
        for (usage, _) in ConsoleCommand.catalogue {
            for form in usage.components(separatedBy: " · ") {
                guard let verb = form.split(separator: " ").first.map(String.init) else { continue }
                #expect(verbs.contains(verb), "`:\(verb)` (\(usage)) is missing from the instructor guide's command table")
            }
        }
    }
}
