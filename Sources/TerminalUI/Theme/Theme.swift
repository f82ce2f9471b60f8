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
    /// Foreground colours from the 256-colour palette, used instead of the
    /// basic eight where the terminal has 256 (`extendedColors`).
    public var palette256: [ColorRole: Int16] = [:]
    /// Whether this terminal has the 256 colours `palette256` needs.
    public var extendedColors = false

    public func look(_ role: ColorRole) -> RoleLook { looks[role] ?? RoleLook(.terminalDefault) }

    /// The terminal colour numbers (foreground, background; -1 the terminal's
    /// own) a role is drawn in: from the 256-colour palette where it applies.
    public func colorNumbers(_ role: ColorRole) -> (foreground: Int16, background: Int16) {
        let l = look(role)
        let fg = extendedColors ? palette256[role] ?? l.foreground.rawValue : l.foreground.rawValue
        let bg = extendedColors && l.background != .terminalDefault ? palette256Background[role] ?? l.background.rawValue : l.background.rawValue
        return (fg, bg)
    }

    /// Backgrounds in the 256-colour palette (the status bar and selection).
    var palette256Background: [ColorRole: Int16] { palette256.isEmpty ? [:] : [.statusBar: 31, .selection: 221] }

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
    /// With `colorCount` 256 or more (TERM=xterm-256color) a colour theme
    /// uses its 256-colour palette; with 8 or 16, the basic colours.
    public static func choose(_ name: String, environment: [String: String], terminalHasColors: Bool, colorCount: Int = 8) -> Theme {
        if environment["NO_COLOR"].map({ !$0.isEmpty }) == true || !terminalHasColors { return .mono }
        var theme = named(name) ?? .standard
        theme.extendedColors = colorCount >= 256 && !theme.palette256.isEmpty
        return theme
    }

    /// The standard theme's colours in the xterm 256-colour palette: softer
    /// blues and greys that stay apart on dark and light backgrounds.
    static let standard256: [ColorRole: Int16] = [
        .dim: 245, .highlight: 221, .title: 81, .border: 244, .focusedBorder: 81,
        .leader: 41, .follower: 75, .candidate: 220, .warning: 214, .good: 71, .bad: 203,
        .crashed: 196, .paused: 170, .messageRequest: 45, .messageReply: 176,
        .kind1: 45, .kind2: 220, .kind3: 77, .kind4: 177, .link: 240,
        .group1: 45, .group2: 220, .group3: 177, .group4: 77,
        .statusBar: 16, .hintKey: 81, .prompt: 221, .error: 203, .selection: 16,
    ]

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
    ], palette256: standard256)

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
        // Bright white where the standard theme is grey: readable from the back of a room.
        t.palette256[.dim] = 252; t.palette256[.link] = 250; t.palette256[.border] = 252
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
