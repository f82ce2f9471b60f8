import ExerciseKit
import ExerciseRunner
import LoadBalancer
ExerciseMain.run(LoadBalancerExercise.suite(BalancerPicker.self))
