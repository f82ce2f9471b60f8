import ClusterSim

/// Tab at a prompt: completes the word being typed from what the prompt
/// accepts — the `:` verbs and node names, or the selected node's protocol
/// commands at the `r` prompt. Several candidates complete to their common
/// prefix, as a shell does.
enum PromptCompletion {
    static func complete(_ prompt: Prompt, _ run: ClusterRun) -> String {
        let words = prompt.text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let current = words.last ?? ""
        let candidates: [String]
        switch prompt.purpose {
        case .command:
            candidates = words.count <= 1 ? commandVerbs : run.layout.all.map(run.layout.name)
        case .clientCommand(let n):
            candidates = words.count <= 1 ? run.commandUsages(at: n).map(\.verb) : []
        case .search, .answer:
            candidates = []
        }
        let matches = Array(Set(candidates.filter { $0.hasPrefix(current) })).sorted()
        guard let first = matches.first else { return prompt.text }
        var common = first
        for m in matches.dropFirst() { while !m.hasPrefix(common) { common.removeLast() } }
        let completed = matches.count == 1 ? common + " " : common
        return (words.dropLast() + [completed]).joined(separator: " ")
    }

    /// What the `r` prompt shows after the cursor: every command with its
    /// arguments, or once a known verb is typed, its usage and an example.
    static func commandHint(_ prompt: Prompt, _ run: ClusterRun) -> String {
        guard case .clientCommand(let n) = prompt.purpose else { return "" }
        let usages = run.commandUsages(at: n)
        let verb = prompt.text.split(separator: " ").first.map(String.init)
        if let verb, let c = usages.first(where: { $0.verb == verb }) { return "\(c.usage) · e.g. \(c.example) · \(c.help)" }
        return usages.map(\.usage).joined(separator: " · ") + " · tab completes"
    }

    /// The first word of every `:` command.
    static var commandVerbs: [String] {
        ConsoleCommand.catalogue.flatMap { entry in
            entry.usage.components(separatedBy: " · ").compactMap { $0.split(separator: " ").first.map(String.init) }
        }.filter { $0.allSatisfy(\.isLetter) } + ["cmd", "goto", "filter"]
    }
}
