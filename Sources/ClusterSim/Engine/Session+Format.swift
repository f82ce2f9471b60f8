import Foundation

/// The saved-session file, version 2: JSON with snake_case keys a person can
/// read and another tool can write (Swift's synthesized enum coding, with its
/// `"_0"` keys, is not a format). Nodes are indices (n1 is 0; clients follow
/// the servers), times are microseconds:
///
/// ```json
/// {"version": 2, "scenario_name": "g.yaml", "scenario_text": "protocol: gossip…", "seed": 1,
///  "step": 240, "speed": 0.1,
///  "actions": [
///    {"step": 12, "time_us": 3400, "do": "crash", "node": 2, "text": "crash n3"},
///    {"step": 30, "time_us": 9000, "do": "partition", "groups": [[0, 1], [2, 3, 4]], "text": "…"},
///    {"step": 41, "time_us": 9100, "do": "link", "from": 0, "to": 1,
///     "settings": {"latency": {"uniform": {"min_us": 1000, "max_us": 10000}}, "loss": 0.1,
///                  "duplicate": 0, "reorder": 0, "slowdown": 1, "cut": false}, "text": "…"}]}
/// ```
///
/// `do` is one of crash, restart, pause, resume (with `node`), partition
/// (`groups`), heal, link (`from`, `to`, `settings`, null for the defaults),
/// drop (`message`), delay (`message`, `by_us`), request (`node`, `command`),
/// advance (`to_us`: the clock moved across an idle stretch by `run for`),
/// deliver (`message`: delivered now) and fire (`node`, `timer`: the pending
/// timer of that description fired now; both replay a model checker's schedule).
/// `latency` is one of `{"constant_us": N}`, `{"uniform": {min_us, max_us}}`,
/// `{"exponential": {mean_us, min_us}}`, `{"normal": {mean_us, stddev_us, min_us}}`.
/// `text` is for people; `speed` (virtual seconds per wall second) is optional.
extension Session.RecordedAction {
    enum Key: String, CodingKey {
        case step, time_us, text, node, groups, from, to, settings, message, by_us, command, to_us, timer
        case verb = "do"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        step = try c.decode(Int64.self, forKey: .step)
        time = try c.decode(Int64.self, forKey: .time_us)
        text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        let verb = try c.decode(String.self, forKey: .verb)
        let node = { try NodeID(c.decode(Int.self, forKey: .node)) }
        switch verb {
        case "crash": action = .crash(try node())
        case "restart": action = .restart(try node())
        case "pause": action = .pause(try node())
        case "resume": action = .resume(try node())
        case "heal": action = .heal
        case "partition": action = .partition(try c.decode([[Int]].self, forKey: .groups).map { $0.map(NodeID.init) })
        case "link":
            action = .setLink(from: NodeID(try c.decode(Int.self, forKey: .from)), to: NodeID(try c.decode(Int.self, forKey: .to)),
                              try c.decodeIfPresent(LinkSettings.self, forKey: .settings))
        case "drop": action = .drop(message: try c.decode(Int64.self, forKey: .message))
        case "delay": action = .delay(message: try c.decode(Int64.self, forKey: .message), by: try c.decode(Int64.self, forKey: .by_us))
        case "request": action = .command(try node(), try c.decode(String.self, forKey: .command))
        case "advance": action = .advanceClock(to: try c.decode(Int64.self, forKey: .to_us))
        case "deliver": action = .deliver(message: try c.decode(Int64.self, forKey: .message))
        case "fire": action = .fireTimer(try node(), try c.decode(String.self, forKey: .timer))
        default:
            throw DecodingError.dataCorruptedError(forKey: .verb, in: c, debugDescription: "unknown action '\(verb)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(step, forKey: .step)
        try c.encode(time, forKey: .time_us)
        switch action {
        case .crash(let n): try c.encode("crash", forKey: .verb); try c.encode(n.index, forKey: .node)
        case .restart(let n): try c.encode("restart", forKey: .verb); try c.encode(n.index, forKey: .node)
        case .pause(let n): try c.encode("pause", forKey: .verb); try c.encode(n.index, forKey: .node)
        case .resume(let n): try c.encode("resume", forKey: .verb); try c.encode(n.index, forKey: .node)
        case .heal: try c.encode("heal", forKey: .verb)
        case .partition(let groups): try c.encode("partition", forKey: .verb); try c.encode(groups.map { $0.map(\.index) }, forKey: .groups)
        case .setLink(let from, let to, let settings):
            try c.encode("link", forKey: .verb)
            try c.encode(from.index, forKey: .from); try c.encode(to.index, forKey: .to)
            if let settings { try c.encode(settings, forKey: .settings) } else { try c.encodeNil(forKey: .settings) }
        case .drop(let m): try c.encode("drop", forKey: .verb); try c.encode(m, forKey: .message)
        case .delay(let m, let by): try c.encode("delay", forKey: .verb); try c.encode(m, forKey: .message); try c.encode(by, forKey: .by_us)
        case .command(let n, let t): try c.encode("request", forKey: .verb); try c.encode(n.index, forKey: .node); try c.encode(t, forKey: .command)
        case .advanceClock(let t): try c.encode("advance", forKey: .verb); try c.encode(t, forKey: .to_us)
        case .deliver(let m): try c.encode("deliver", forKey: .verb); try c.encode(m, forKey: .message)
        case .fireTimer(let n, let t): try c.encode("fire", forKey: .verb); try c.encode(n.index, forKey: .node); try c.encode(t, forKey: .timer)
        }
        try c.encode(text, forKey: .text)
    }
}

extension LinkSettings {
    enum Key: String, CodingKey { case latency, loss, duplicate, reorder, slowdown, cut, rate }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init(latency: try c.decode(LatencyDistribution.self, forKey: .latency), loss: try c.decode(Double.self, forKey: .loss),
                  duplicate: try c.decode(Double.self, forKey: .duplicate), reorder: try c.decode(Double.self, forKey: .reorder),
                  slowdown: try c.decode(Double.self, forKey: .slowdown), cut: try c.decode(Bool.self, forKey: .cut),
                  rate: try c.decodeIfPresent(Int64.self, forKey: .rate))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(latency, forKey: .latency); try c.encode(loss, forKey: .loss); try c.encode(duplicate, forKey: .duplicate)
        try c.encode(reorder, forKey: .reorder); try c.encode(slowdown, forKey: .slowdown); try c.encode(cut, forKey: .cut)
        try c.encodeIfPresent(rate, forKey: .rate)  // absent in sessions saved before rates
    }
}

extension LatencyDistribution {
    enum Key: String, CodingKey { case constant_us, uniform, exponential, normal, min_us, max_us, mean_us, stddev_us }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        if let v = try c.decodeIfPresent(Int64.self, forKey: .constant_us) { self = .constant(v); return }
        if c.contains(.uniform) {
            let u = try c.nestedContainer(keyedBy: Key.self, forKey: .uniform)
            self = .uniform(min: try u.decode(Int64.self, forKey: .min_us), max: try u.decode(Int64.self, forKey: .max_us)); return
        }
        if c.contains(.exponential) {
            let e = try c.nestedContainer(keyedBy: Key.self, forKey: .exponential)
            self = .exponential(mean: try e.decode(Int64.self, forKey: .mean_us), min: try e.decode(Int64.self, forKey: .min_us)); return
        }
        let n = try c.nestedContainer(keyedBy: Key.self, forKey: .normal)
        self = .normal(mean: try n.decode(Int64.self, forKey: .mean_us), stddev: try n.decode(Int64.self, forKey: .stddev_us),
                       min: try n.decode(Int64.self, forKey: .min_us))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .constant(let v): try c.encode(v, forKey: .constant_us)
        case .uniform(let lo, let hi):
            var u = c.nestedContainer(keyedBy: Key.self, forKey: .uniform)
            try u.encode(lo, forKey: .min_us); try u.encode(hi, forKey: .max_us)
        case .exponential(let mean, let lo):
            var e = c.nestedContainer(keyedBy: Key.self, forKey: .exponential)
            try e.encode(mean, forKey: .mean_us); try e.encode(lo, forKey: .min_us)
        case .normal(let mean, let sd, let lo):
            var n = c.nestedContainer(keyedBy: Key.self, forKey: .normal)
            try n.encode(mean, forKey: .mean_us); try n.encode(sd, forKey: .stddev_us); try n.encode(lo, forKey: .min_us)
        }
    }
}
