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
    /// The text last searched for with `/` (`n` finds the next item with it).
    public var search: String?
    /// Where the selection was when `/` opened (esc goes back there).
    public var searchOrigin: Int?
    public init(items: [HomeItem] = []) { self.items = items }

    public static let notesSection = "Notes"
    /// The heading of the "Continue: <lab>" item at the top.
    public static let continueSection = "Pick up where you left off"

    /// The first item at or after `start` (wrapping) whose title, section
    /// or detail contains `text`, ignoring case.
    func match(_ text: String, from start: Int) -> Int? {
        guard !items.isEmpty, !text.isEmpty else { return nil }
        let needle = text.lowercased()
        for k in 0..<items.count {
            let i = (start + k) % items.count
            let item = items[i]
            if [item.title, item.section, item.detail].contains(where: { $0.lowercased().contains(needle) }) { return i }
        }
        return nil
    }
}
