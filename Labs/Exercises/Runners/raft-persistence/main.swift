import ExerciseKit
import ExerciseRunner
import Raft
ExerciseMain.run(RaftPersistenceExercise.suite(RaftNode.self))
