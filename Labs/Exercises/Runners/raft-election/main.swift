import ExerciseKit
import ExerciseRunner
import Raft
ExerciseMain.run(RaftElectionExercise.suite(RaftNode.self))
