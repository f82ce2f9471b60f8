/// Text attributes a cell can carry on top of its colours.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = CellAttributes(rawValue: 1)
    public static let dim = CellAttributes(rawValue: 2)
    public static let reverse = CellAttributes(rawValue: 4)
    public static let underline = CellAttributes(rawValue: 8)
}

/// How a cell is drawn: colour roles (the theme turns them into colours) and attributes.
public struct CellStyle: Hashable, Sendable {
    public var foreground: ColorRole
    public var background: ColorRole
    public var attributes: CellAttributes

    public init(_ foreground: ColorRole = .text, background: ColorRole = .text, _ attributes: CellAttributes = []) {
        self.foreground = foreground; self.background = background; self.attributes = attributes
    }

    public static let plain = CellStyle()
    public func with(_ extra: CellAttributes) -> CellStyle {
        var s = self; s.attributes.formUnion(extra); return s
    }
}

/// One screen cell. A wide character fills its cell and marks the next one
/// as its continuation (scalar U+0000), which backends skip.
public struct Cell: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: CellStyle

    public init(_ scalar: Unicode.Scalar = " ", _ style: CellStyle = .plain) {
        self.scalar = scalar; self.style = style
    }

    public static let blank = Cell()
    static let continuationScalar: Unicode.Scalar = "\u{0}"
    public var isContinuation: Bool { scalar == Cell.continuationScalar }
}
