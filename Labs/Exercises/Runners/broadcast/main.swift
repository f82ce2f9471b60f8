import ExerciseKit
import ExerciseRunner
import Broadcast

ExerciseMain.run(BroadcastExercise.suite(BroadcastNode.self))
