import ClusterSim

/// Validates lab files: everything the loader checks, plus a dry run with
/// the lab's own seed, which finds steps that can't be reached (a `run`
/// whose condition never holds within its limit) and predictions that no
/// choice matches. Warnings point at what a lab may do but should not,
/// such as a right choice that gives itself away by its length.
public enum LabValidator {
    public static func validate(_ source: SourceText, stepBudget: Int64 = LabPlayer.defaultStepBudget) -> [SourceError] {
        check(source, stepBudget: stepBudget).errors
    }

    /// Errors (the lab cannot be used) and warnings (it can, but should be fixed).
    public static func check(_ source: SourceText, stepBudget: Int64 = LabPlayer.defaultStepBudget)
        -> (errors: [SourceError], warnings: [SourceError]) {
        let lab: Lab
        do { lab = try LabLoader.load(source) }
        catch let e as SourceError { return ([e], []) }
        catch { return ([source.error(line: 1, column: 1, "cannot read this lab: \(error)")], []) }
        if let real = realProblems(lab) { return ([real], []) }
        // A real cluster is not started to check a file: its lab is checked as far as loading goes.
        if ([lab.scenario] + lab.scenarios.values).contains(where: { ExternalRuns.realSystem(of: $0.protocolName) != nil }) {
            return ([], longestRightChoices(lab, held: [:]))
        }
        do {
            let outcome = try LabPlayer.play(lab, answers: nil, stepBudget: stepBudget)
            let errors = outcome.problems.map { source.error(line: lab.steps[$0.step].line, column: lab.steps[$0.step].column, $0.message) }
            return (errors, longestRightChoices(lab, held: outcome.held))
        } catch let e as SourceError {
            return ([e], [])
        } catch {
            return ([source.error(line: 1, column: 1, "the scenario cannot run: \(error)")], [])
        }
    }

    /// A system in the lab's `real:` list that cannot run it (a cluster of another size), at that line.
    static func realProblems(_ lab: Lab) -> SourceError? {
        for system in lab.realSystems {
            do { _ = try lab.onRealCluster(system) } catch {
                let line = lab.source.lines.firstIndex { $0.hasPrefix("real:") } ?? 0
                return lab.source.error(line: line + 1, column: 1, "real: \(system): \(error)")
            }
        }
        return nil
    }

    /// Questions with one right choice (a prediction: the one that held in
    /// the dry run) that `ChoiceBalance` finds longest by far.
    static func longestRightChoices(_ lab: Lab, held: [Int: [Int]]) -> [SourceError] {
        lab.steps.enumerated().compactMap { i, step in
            let message: String?
            switch step.kind {
            case .ask(let q):
                message = ChoiceBalance.warning(q)
            case .predict(let p):
                guard case .choice(let options) = p.key else { return nil }
                message = ChoiceBalance.warning(texts: options.map(\.text), right: held[i] ?? [])
            default: return nil
            }
            return message.map { lab.source.error(line: step.line, column: step.column, $0) }
        }
    }
}
