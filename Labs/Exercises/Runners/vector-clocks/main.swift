import ExerciseKit
import ExerciseRunner
import VectorClocks

ExerciseMain.run(VectorClocksExercise.suite(ClockNode.self))
