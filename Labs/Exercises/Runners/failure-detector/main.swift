import ExerciseKit
import ExerciseRunner
import FailureDetector

ExerciseMain.run(FailureDetectorExercise.suite(DetectorNode.self))
