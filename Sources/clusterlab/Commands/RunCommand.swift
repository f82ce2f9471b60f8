import ArgumentParser
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a scenario and print its events.")
    func run() throws {}
}
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a scenario's trace.")
    func run() throws {}
}
