import ExerciseKit
import ExerciseRunner
import QuorumKV
ExerciseMain.run(QuorumKVExercise.suite(KVServer.self))
