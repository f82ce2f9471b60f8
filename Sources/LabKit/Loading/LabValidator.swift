import ClusterSim

/// Validates lab files: everything the loader checks, plus a dry run with
/// the lab's own seed, which finds steps that can't be reached (a `run`
/// whose condition never holds within its limit) and predictions that no
/// choice matches.
public enum LabValidator {
    public static func validate(_ source: SourceText, stepBudget: Int64 = LabPlayer.defaultStepBudget) -> [SourceError] {
        let lab: Lab
        do { lab = try LabLoader.load(source) }
        catch let e as SourceError { return [e] }
        catch { return [source.error(line: 1, column: 1, "cannot read this lab: \(error)")] }
        do {
            let outcome = try LabPlayer.play(lab, answers: nil, stepBudget: stepBudget)
            return outcome.problems.map { source.error(line: lab.steps[$0.step].line, column: lab.steps[$0.step].column, $0.message) }
        } catch let e as SourceError {
            return [e]
        } catch {
            return [source.error(line: 1, column: 1, "the scenario cannot run: \(error)")]
        }
    }
}
