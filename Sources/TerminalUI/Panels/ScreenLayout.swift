/// Where everything goes on a screen of a given size.
public struct ScreenLayout: Hashable, Sendable {
    public static let minimum = Size(width: 80, height: 24)

    public var statusBar: Rect
    public var panels: [PanelID: Rect]
    /// The line for prompts and messages, above the hints.
    public var messageLine: Rect
    public var hintBar: Rect

    /// The cluster screen without a lab: the cluster view (or timeline) on
    /// the left, the event log and the inspector (or clocks) on the right.
    public init(_ size: Size, focus: PanelID, zoomed: Bool) {
        var state = AppState()
        state.focus = focus; state.isZoomed = zoomed
        self.init(size, state)
    }

    /// In a lab the guide takes the right column above the inspector (or
    /// clocks), and the event log goes under the cluster view.
    public init(_ size: Size, _ state: AppState) {
        let screen = Rect(size)
        let (top, rest) = screen.splitRows(top: 1)
        let (body, bottom) = rest.splitRows(top: rest.height - 2)
        statusBar = top
        (messageLine, hintBar) = bottom.splitRows(top: 1)
        let main = state.mainPanel
        let side: PanelID = state.showsClocks ? .clocks : .inspector
        if state.isZoomed {
            panels = [ScreenLayout.panelsShown(state).contains(state.focus) ? state.focus : main: body]
            return
        }
        if state.presenting {
            let (mainRect, right) = body.splitColumns(left: max(46, body.width * 60 / 100))
            panels = [main: mainRect, state.guide != nil ? .guide : .log: right]
            return
        }
        if state.guide != nil {
            let (left, right) = body.splitColumns(left: max(40, body.width / 2))
            let (mainRect, log) = left.splitRows(top: max(10, left.height * 65 / 100))
            let (guide, sideRect) = right.splitRows(top: max(10, right.height * 62 / 100))
            panels = [main: mainRect, .log: log, .guide: guide, side: sideRect]
            return
        }
        // Half and half on a wide screen (the log and inspector lines are long); at 80 columns the cluster keeps 46.
        // (the timeline's lines are long too: it keeps the larger share).
        let (mainRect, right) = body.splitColumns(left: max(46, body.width * (state.showsTimeline ? 58 : 50) / 100))
        let (log, sideRect) = right.splitRows(top: max(8, right.height * 64 / 100))
        panels = [main: mainRect, .log: log, side: sideRect]
    }

    /// The panels on screen, in the order tab visits them.
    public static func panelsShown(_ state: AppState) -> [PanelID] {
        if state.presenting { return [state.mainPanel, state.guide != nil ? .guide : .log] }
        var shown: [PanelID] = [state.mainPanel]
        if state.guide != nil { shown.append(.guide) }
        shown.append(.log)
        shown.append(state.showsClocks ? .clocks : .inspector)
        return shown
    }
}
