import ClusterSim

/// How a message in flight looks on the cluster diagram: its kind's initial
/// (capital for a request, small for a reply) trailing an arrow head that
/// points the way it travels, both in the kind's colour. The footer's
/// legend says which letter is which kind.
enum MessageMark {
    /// The kind without a trailing `Reply`: a request and its reply share a letter and a colour.
    static func baseKind(_ kind: String) -> String {
        kind.hasSuffix("Reply") && kind.count > 5 ? String(kind.dropLast(5)) : kind
    }

    /// `R` for RequestVote, `r` for its reply; `?` for a kind with no letter.
    static func initial(_ kind: String, isReply: Bool) -> Character {
        let letter = baseKind(kind).first { $0.isLetter } ?? "?"
        return isReply ? Character(letter.lowercased()) : Character(letter.uppercased())
    }

    /// The colour of a kind, the same for a request and its reply.
    static func role(_ kind: String) -> ColorRole { ColorRole.messageKind(baseKind(kind)) }

    /// The arrow head for a step from `a` to `b` on the grid (eight directions).
    static func head(from a: Point, to b: Point, _ glyphs: Glyphs) -> Unicode.Scalar {
        let dx = (b.x > a.x ? 1 : b.x < a.x ? -1 : 0), dy = (b.y > a.y ? 1 : b.y < a.y ? -1 : 0)
        // East, north-east, north, north-west, west, south-west, south, south-east.
        let order = [(1, 0), (1, -1), (0, -1), (-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1)]
        let i = order.firstIndex { $0 == (dx, dy) } ?? 0
        return glyphs.arrowHeads[i]
    }

    /// Where a message is drawn: its letter one cell behind its head along
    /// the path (the head alone on a one-cell path). `f` is how far it has got.
    static func cells(_ path: [Point], progress f: Double) -> (letter: Point?, head: Point, direction: (Point, Point)) {
        let last = path.count - 1
        let i = max(min(last, 1), Int((f * Double(last)).rounded()))
        let behind = i > 0 ? path[i - 1] : nil
        let ahead = i < last ? path[i + 1] : nil
        let direction = behind.map { ($0, path[i]) } ?? (path[i], ahead ?? path[i])
        return (behind, path[i], direction)
    }

    /// The legend's entries for the kinds in flight, one per request kind
    /// and its reply (`A/a AppendEntries`), most frequent first.
    static func legend(_ messages: [(kind: String, isReply: Bool)]) -> [(letters: String, kind: String, role: ColorRole)] {
        var seen: [String: (count: Int, request: Bool, reply: Bool)] = [:]
        for m in messages {
            let base = baseKind(m.kind)
            var e = seen[base, default: (0, false, false)]
            e.count += 1
            if m.isReply { e.reply = true } else { e.request = true }
            seen[base] = e
        }
        return seen.sorted { a, b in (-a.value.count, a.key) < (-b.value.count, b.key) }.map { base, e in
            let upper = String(initial(base, isReply: false)), lower = String(initial(base, isReply: true))
            let letters = e.request && e.reply ? upper + "/" + lower : e.reply ? lower : upper
            return (letters, base, role(base))
        }
    }
}
