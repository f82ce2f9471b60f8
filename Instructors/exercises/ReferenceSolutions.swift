/// Reference solutions of the exercises, one folder each, with the same
/// type names as the starter code in Labs/Exercises so that a file copied
/// over the student's passes the suite. Kept here, out of a student's way;
/// the ExerciseKitTests run every suite on them (and on their known-buggy
/// variants, chosen by the exercise config's `variant`) to prove the
/// checking honest.
public enum ReferenceSolutions {}
