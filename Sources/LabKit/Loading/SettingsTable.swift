import ClusterSim
import Foundation  // replacingCharacters
import ClusterProtocols

/// The ranges table of Labs/README.md §3, written from the declarations the
/// readers check values against (`Scenario.settings`, each protocol's
/// `parameters` and `workload`, `LabLoader.settings`), so the documented
/// range of a setting is the range that is enforced.
public enum SettingsTable {
    public static let begin = "<!-- ranges:begin (generated from the declarations; SettingsTableTests checks it, CLUSTERLAB_RECORD=1 rewrites it) -->"
    public static let end = "<!-- ranges:end -->"

    public static var markdown: String {
        var rows = ["| where | key | accepts |", "|---|---|---|"]
        rows += ParameterSpec.markdownRows(Scenario.settings, where: "scenario")
        for def in ProtocolCatalog.all {
            rows += ParameterSpec.markdownRows(def.parameters, where: "`\(def.name)` parameters")
            rows += ParameterSpec.markdownRows(def.workload, where: "`\(def.name)` workload")
        }
        rows += ParameterSpec.markdownRows(LabLoader.settings, where: "lab")
        return ([begin] + rows + [end]).joined(separator: "\n")
    }

    /// `document` with the text between the markers replaced by `markdown` (nil: no markers).
    public static func updating(_ document: String) -> String? {
        guard let a = document.range(of: begin), let b = document.range(of: end), a.lowerBound < b.lowerBound else { return nil }
        return document.replacingCharacters(in: a.lowerBound..<b.upperBound, with: markdown)
    }
}
