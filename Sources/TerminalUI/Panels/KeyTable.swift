import Foundation

/// The README's table of keys, made from the same `KeyMap` tables as the
/// `?` help, so the two cannot drift apart (a test compares the README with it).
public enum KeyTable {
    /// Every section the help can show, each once, in the order a student meets them.
    static func sections() -> [HelpOverlay.Section] {
        var home = AppState(); home.screen = .home
        var lab = AppState(); lab.guide = GuideState(labID: "", instructor: false)
        var placement = AppState(); placement.screen = .placement
        var all: [HelpOverlay.Section] = []
        for state in [home, AppState(), lab, placement] {
            for s in HelpOverlay.sections(state) where !s.title.hasPrefix("Cluster (") && !all.contains(where: { $0.title == s.title }) {
                all.append(s)
            }
        }
        if let i = all.firstIndex(where: { $0.title == "Lab" }) {
            all[i].entries += HelpOverlay.entries(KeyMap.instructor).map { ($0.key, $0.text + " (--instructor)") }
        }
        all.append(("A question (leaving a lab part-way)", HelpOverlay.entries(KeyMap.confirm)))
        all.append(("Mouse", [("click", "a node selects it; a message in flight selects it (d drops it); a panel gets the focus"),
                              ("wheel", "scrolls the panel under it: the event log, the timeline, the lab guide, the help")]))
        return all
    }

    /// The Markdown between the README's key-table markers.
    public static func markdown() -> String {
        var out = ""
        for s in sections() {
            out += "\n**\(s.title)**\n\n| key | what it does |\n|---|---|\n"
            for (key, text) in s.entries {
                let cell = { (t: String) in t.replacingOccurrences(of: "|", with: "\\|") }
                out += "| `\(cell(key))` | \(cell(text)) |\n"
            }
        }
        return out
    }

    public static let begin = "<!-- keys: generated from KeyMap by KeyTable.markdown(); CLUSTERLAB_RECORD_SNAPSHOTS=1 swift test --filter KeyTableTests rewrites it -->"
    public static let end = "<!-- end of keys -->"
}
