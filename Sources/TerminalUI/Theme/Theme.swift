/// A colour of the terminal's basic palette; `.terminalDefault` keeps the
/// terminal's own foreground or background.
public enum TerminalColor: Int16, Hashable, Sendable {
    case terminalDefault = -1
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a role looks in one theme.
public struct RoleLook: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: CellAttributes
    public init(_ fg: TerminalColor, _ bg: TerminalColor = .terminalDefault, _ attributes: CellAttributes = []) {
        foreground = fg; background = bg; self.attributes = attributes
    }
}

/// Turns colour roles into terminal colours and attributes.
///
/// `default` for everyday use, `projector` for a lecture hall (high contrast,
/// bold), `mono` for `NO_COLOR` and terminals without colour: roles are told
/// apart by attributes and by the words and glyphs panels always draw.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var usesColor: Bool
    public var looks: [ColorRole: RoleLook]

    public func look(_ role: ColorRole) -> RoleLook { looks[role] ?? RoleLook(.terminalDefault) }

    public static let names = ["default", "projector", "mono"]

    public static func named(_ name: String) -> Theme? {
        switch name {
        case "default": return .standard
        case "projector": return .projector
        case "mono": return .mono
        default: return nil
        }
    }

    /// The theme to use: `mono` when `NO_COLOR` is set (any value, per
    /// no-color.org) or the terminal has no colours, else the one asked for.
    public static func choose(_ name: String, environment: [String: String], terminalHasColors: Bool) -> Theme {
        if environment["NO_COLOR"].map({ !$0.isEmpty }) == true || !terminalHasColors { return .mono }
        return named(name) ?? .standard
    }

    public static let standard = Theme(name: "default", usesColor: true, looks: [
        .dim: RoleLook(.terminalDefault, .terminalDefault, .dim),
        .highlight: RoleLook(.yellow, .terminalDefault, .bold),
        .title: RoleLook(.cyan, .terminalDefault, .bold),
        .border: RoleLook(.terminalDefault),
        .focusedBorder: RoleLook(.cyan, .terminalDefault, .bold),
        .leader: RoleLook(.green, .terminalDefault, .bold),
        .follower: RoleLook(.blue),
        .candidate: RoleLook(.yellow, .terminalDefault, .bold),
        .neutral: RoleLook(.terminalDefault),
        .warning: RoleLook(.yellow),
        .good: RoleLook(.green),
        .bad: RoleLook(.red, .terminalDefault, .bold),
        .crashed: RoleLook(.red, .terminalDefault, .bold),
        .paused: RoleLook(.magenta, .terminalDefault, .bold),
        .messageRequest: RoleLook(.cyan, .terminalDefault, .bold),
        .messageReply: RoleLook(.magenta),
        .kind1: RoleLook(.cyan, .terminalDefault, .bold),
        .kind2: RoleLook(.yellow, .terminalDefault, .bold),
        .kind3: RoleLook(.green, .terminalDefault, .bold),
        .kind4: RoleLook(.magenta, .terminalDefault, .bold),
        .link: RoleLook(.terminalDefault, .terminalDefault, .dim),
        .group1: RoleLook(.cyan, .terminalDefault, .bold),
        .group2: RoleLook(.yellow, .terminalDefault, .bold),
        .group3: RoleLook(.magenta, .terminalDefault, .bold),
        .group4: RoleLook(.green, .terminalDefault, .bold),
        .statusBar: RoleLook(.black, .cyan),
        .hintKey: RoleLook(.cyan, .terminalDefault, .bold),
        .hintText: RoleLook(.terminalDefault),
        .prompt: RoleLook(.yellow, .terminalDefault, .bold),
        .error: RoleLook(.red, .terminalDefault, .bold),
        .selection: RoleLook(.black, .yellow),
    ])

    public static let projector: Theme = {
        var t = standard
        t.name = "projector"
        for (role, look) in t.looks where role != .dim && role != .link {
            var l = look; l.attributes.insert(.bold); l.attributes.remove(.dim); t.looks[role] = l
        }
        t.looks[.link] = RoleLook(.white)
        t.looks[.dim] = RoleLook(.white)
        t.looks[.follower] = RoleLook(.cyan, .terminalDefault, .bold)
        t.looks[.statusBar] = RoleLook(.black, .white, .bold)
        t.looks[.selection] = RoleLook(.black, .yellow, .bold)
        return t
    }()

    public static let mono = Theme(name: "mono", usesColor: false, looks: [
        .dim: RoleLook(.terminalDefault, .terminalDefault, .dim),
        .highlight: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .title: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .focusedBorder: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .leader: RoleLook(.terminalDefault, .terminalDefault, [.bold, .underline]),
        .candidate: RoleLook(.terminalDefault, .terminalDefault, .underline),
        .bad: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .crashed: RoleLook(.terminalDefault, .terminalDefault, .reverse),
        .paused: RoleLook(.terminalDefault, .terminalDefault, [.dim, .underline]),
        .messageRequest: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .kind1: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .kind2: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .kind3: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .kind4: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .link: RoleLook(.terminalDefault, .terminalDefault, .dim),
        .group1: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .group2: RoleLook(.terminalDefault, .terminalDefault, .underline),
        .group3: RoleLook(.terminalDefault, .terminalDefault, [.bold, .underline]),
        .statusBar: RoleLook(.terminalDefault, .terminalDefault, .reverse),
        .hintKey: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .prompt: RoleLook(.terminalDefault, .terminalDefault, .bold),
        .error: RoleLook(.terminalDefault, .terminalDefault, [.bold, .reverse]),
        .selection: RoleLook(.terminalDefault, .terminalDefault, .reverse),
    ])
}
