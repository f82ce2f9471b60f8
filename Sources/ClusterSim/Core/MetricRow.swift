/// One row of live measurements a protocol publishes in its `NodeSummary`
/// (for example one backend behind a load balancer). The interface draws a
/// row without knowing the protocol: a label, then each metric as a number,
/// a bar when it has a scale, and a sparkline when it has a history.
public struct MetricRow: Sendable, Hashable {
    /// One measured quantity.
    public struct Metric: Sendable, Hashable {
        public enum Unit: String, Sendable, Hashable {
            /// A plain count.
            case count
            /// Microseconds of virtual time (drawn as 850us, 1.2ms, 3s).
            case micros
            /// A fraction drawn as a percentage (0.93 is 93%).
            case fraction
        }
        public var name: String
        public var value: Double
        public var unit: Unit
        /// The value that fills the bar; nil draws no bar.
        public var scale: Double?
        /// Recent values, oldest first, for a sparkline; empty draws none.
        public var history: [Double]
        public init(_ name: String, _ value: Double, unit: Unit = .count, scale: Double? = nil, history: [Double] = []) {
            self.name = name; self.value = value; self.unit = unit; self.scale = scale; self.history = history
        }
    }

    /// What the row measures: a node name, or "all".
    public var label: String
    /// A one-word condition (`live`, `down`, `open`, `spare`).
    public var status: String
    public var tone: NodeSummary.Tone
    public var metrics: [Metric]

    public init(label: String, status: String = "", tone: NodeSummary.Tone = .neutral, metrics: [Metric]) {
        self.label = label; self.status = status; self.tone = tone; self.metrics = metrics
    }

    /// The metric called `name`, if the row has one.
    public func metric(_ name: String) -> Metric? { metrics.first { $0.name == name } }
}
