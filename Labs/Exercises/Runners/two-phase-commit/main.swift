import ExerciseKit
import ExerciseRunner
import TwoPhaseCommit
ExerciseMain.run(TwoPhaseCommitExercise.suite(CommitNode.self))
