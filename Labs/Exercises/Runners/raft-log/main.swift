import ExerciseKit
import ExerciseRunner
import Raft
ExerciseMain.run(RaftLogExercise.suite(RaftNode.self))
