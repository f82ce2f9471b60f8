/// Something the home screen lists: a lab, a sandbox or a page of notes.
public struct HomeItem: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        case lab(path: String)
        case sandbox(protocolName: String)
        case notes(path: String)
        /// The placement screen (`clusterlab placement`).
        case placement
    }
    public var target: Target
    /// The heading it is listed under (`Labs · clocks`, `Sandboxes`, `Notes`).
    public var section: String
    public var title: String
    /// Progress for a lab, a summary for a sandbox.
    public var detail: String
    public init(target: Target, section: String, title: String, detail: String) {
        self.target = target; self.section = section; self.title = title; self.detail = detail
    }
}

/// A Markdown page open in the notes reader.
public struct NotesReader: Hashable, Sendable {
    public var title: String
    public var markdown: String
    /// Lines scrolled down from the top.
    public var scroll = 0
    public init(title: String, markdown: String) { self.title = title; self.markdown = markdown }
}

/// The home screen: what can be opened, which is selected, and the reader.
public struct HomeState: Hashable, Sendable {
    public var items: [HomeItem]

    /// The first item of the section after (or before) the one `selected` is
    /// in, wrapping around; backwards from inside a section goes to its start.
    static func sectionStart(from selected: Int, in items: [HomeItem], forward: Bool) -> Int {
        let starts = items.indices.filter { $0 == 0 || items[$0].section != items[$0 - 1].section }
        if forward { return starts.first { $0 > selected } ?? starts[0] }
        return starts.last { $0 < selected } ?? starts[starts.count - 1]
    }
    public var selected = 0
    public var reader: NotesReader?
    public init(items: [HomeItem] = []) { self.items = items }

    public static let notesSection = "Notes"
}
