/// What a cell's colour means. Panels pick roles; a `Theme` turns roles into
/// terminal colours, so every theme (and a terminal without colour) shows the
/// same screen.
public enum ColorRole: UInt8, Hashable, Sendable, CaseIterable {
    /// Ordinary text on the terminal's own background.
    case text
    case dim
    case highlight
    case title
    case border
    case focusedBorder
    // Node roles, from `NodeSummary.Tone`.
    case leader, follower, candidate, neutral, warning, good, bad
    // Node conditions.
    case crashed, paused
    // Messages in flight: requests and replies, and four kind colours.
    case messageRequest, messageReply, kind1, kind2, kind3, kind4
    case link
    // Partition groups.
    case group1, group2, group3, group4
    // Bars and prompts.
    case statusBar, hintKey, hintText, prompt, error, selection

    /// The role a node's tone is drawn in.
    public static func tone(_ t: NodeSummaryTone) -> ColorRole {
        switch t {
        case .leader: return .leader
        case .follower: return .follower
        case .candidate: return .candidate
        case .neutral: return .neutral
        case .warning: return .warning
        case .good: return .good
        case .bad: return .bad
        }
    }

    /// The role of partition group `i` (cycling through four).
    public static func group(_ i: Int) -> ColorRole { [.group1, .group2, .group3, .group4][((i % 4) + 4) % 4] }

    /// A stable colour for a message kind: the same kind is the same colour in every run.
    public static func messageKind(_ kind: String) -> ColorRole {
        var h: UInt32 = 2_166_136_261  // FNV-1a: no per-process hash seed
        for b in kind.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return [.kind1, .kind2, .kind3, .kind4][Int(h % 4)]
    }
}

import ClusterSim
public typealias NodeSummaryTone = NodeSummary.Tone
