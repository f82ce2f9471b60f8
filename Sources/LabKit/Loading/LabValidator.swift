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
