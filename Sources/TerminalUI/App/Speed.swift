/// How fast virtual time runs against the wall clock, on a log scale from
/// 1/1000× to 10× real time.
public enum Speed {
    public static let ladder: [Double] = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]
    public static let slowest = 0.001
    public static let fastest = 10.0
    /// Fast enough that a Raft election (timeouts of 150–300 ms) shows within
    /// a few seconds, slow enough that a 10 ms message crosses the screen in
    /// a fifth of a second (6 frames).
    public static let initial = 0.05

    /// The next step up the ladder (or the top).
    public static func faster(than s: Double) -> Double { ladder.first { $0 > s * 1.0001 } ?? fastest }
    /// The next step down the ladder (or the bottom).
    public static func slower(than s: Double) -> Double { ladder.last { $0 < s * 0.9999 } ?? slowest }

    /// What speed keys and `:speed` say on a run of real processes, which
    /// only runs in real time (the status bar says "real time").
    public static let realTimeRefusal = "the speed does not apply here: real processes run in real time"

    /// `1/100×`, `1×`, `10×`, `0.3×`.
    public static func label(_ s: Double) -> String {
        if s >= 1 { return s == s.rounded() ? "\(Int(s))×" : "\(s)×" }
        let inverse = 1 / s
        if abs(inverse - inverse.rounded()) < 0.001 { return "1/\(Int(inverse.rounded()))×" }
        return "\(s)×"
    }
}
