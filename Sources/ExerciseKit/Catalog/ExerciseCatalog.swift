/// Every exercise ClusterLab ships, in the order a course takes them.
/// An exercise is one folder under Sources/ExerciseKit/Exercises (its
/// contract, suite and entry), starter code under Labs/Exercises, a
/// reference solution under Instructors/exercises, and one line here.
public enum ExerciseCatalog {
    public static let all: [ExerciseInfo] = [
        BroadcastExercise.info,
        VectorClocksExercise.info,
        FailureDetectorExercise.info,
        LoadBalancerExercise.info,
        QuorumKVExercise.info,
        RaftElectionExercise.info,
        RaftLogExercise.info,
        RaftPersistenceExercise.info,
        RaftKVExercise.info,
        TwoPhaseCommitExercise.info,
    ]

    public static func info(_ id: String) -> ExerciseInfo? { all.first { $0.id == id } }
}
