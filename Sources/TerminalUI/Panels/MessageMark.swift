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

    /// The legend's entries for the kinds in flight: letter and kind, requests
    /// before replies, most frequent first.
    static func legend(_ messages: [InFlightMessage]) -> [(letter: Character, kind: String, role: ColorRole)] {
        var counts: [String: (count: Int, letter: Character, reply: Bool)] = [:]
        for m in messages {
            counts[m.kind, default: (0, initial(m.kind, isReply: m.isReply), m.isReply)].count += 1
        }
        return counts.sorted { a, b in
            (a.value.reply ? 1 : 0, -a.value.count, a.key) < (b.value.reply ? 1 : 0, -b.value.count, b.key)
        }.map { ($0.value.letter, $0.key, role($0.key)) }
    }
}
