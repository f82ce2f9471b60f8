/// Where everything goes on a screen of a given size.
public struct ScreenLayout: Hashable, Sendable {
    public static let minimum = Size(width: 80, height: 24)

    public var statusBar: Rect
    public var panels: [PanelID: Rect]
    /// The line for prompts and messages, above the hints.
    public var messageLine: Rect
    public var hintBar: Rect

    public init(_ size: Size, focus: PanelID, zoomed: Bool) {
        let screen = Rect(size)
        let (top, rest) = screen.splitRows(top: 1)
        let (body, bottom) = rest.splitRows(top: rest.height - 2)
        statusBar = top
        (messageLine, hintBar) = bottom.splitRows(top: 1)
        if zoomed {
            panels = [focus: body]
            return
        }
        let (cluster, side) = body.splitColumns(left: max(46, body.width * 58 / 100))
        let (log, inspector) = side.splitRows(top: max(8, side.height * 64 / 100))
        panels = [.cluster: cluster, .log: log, .inspector: inspector]
    }
}
