import ExerciseKit
import ExerciseRunner
import Raft
ExerciseMain.run(RaftKVExercise.suite(RaftNode.self))
