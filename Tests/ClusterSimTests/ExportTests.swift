import Testing
import Foundation
import ClusterSim
import ClusterProtocols
import TestSupport

@Suite struct ExportTests {
    func gossipRun(seed: UInt64) throws -> ClusterRun {
        let url = BuiltBinary.packageRoot.appendingPathComponent("Labs/examples/gossip-partition.yaml")
        let s = try ProtocolCatalog.scenario(SourceText(name: url.path, text: String(contentsOf: url, encoding: .utf8)))
        let run = try ProtocolCatalog.makeRun(s, seed: seed)
        run.run(until: .seconds(2))
        return run
    }

    /// ShiViz rejects logs whose host counters skip, or whose clocks name hosts with no events.
    @Test(arguments: TestSeeds.sweep(5))
    func shiVizExportFollowsShiVizRules(seed: UInt64) throws {
        let run = try gossipRun(seed: seed)
        var lines: [String] = []
        TraceExport.shiViz(run) { lines.append($0) }
        #expect(Array(lines.prefix(2)) == [TraceExport.shiVizParser, ""], "upload header: parser, then empty delimiter")
        lines.removeFirst(2)
        #expect(lines.count % 2 == 0 && lines.count > 100)
        var counters: [String: Int] = [:]
        var named = Set<String>()
        for k in stride(from: 0, to: lines.count, by: 2) {
            #expect(!lines[k].contains("\n"))
            let clockLine = lines[k + 1]
            let space = try #require(clockLine.firstIndex(of: " "))
            let host = String(clockLine[..<space])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(clockLine[clockLine.index(after: space)...].utf8)) as? [String: Int])
            let own = try #require(json[host], "seed \(seed): clock lacks its own host: \(clockLine)")
            #expect(own == (counters[host] ?? 0) + 1, "seed \(seed): \(host) went from \(counters[host] ?? 0) to \(own)")
            counters[host] = own
            named.formUnion(json.keys)
        }
        #expect(named.isSubset(of: Set(counters.keys)), "seed \(seed): clocks name hosts with no events")
        #expect(counters.count == 5)
    }

    /// ShiViz's file upload takes line 1 as the parser and line 2 as the
    /// delimiter; the log starts at line 3 (js/shiviz.js, the `#file` handler).
    @Test func shiVizFileStartsWithTheParserTheReadmeNamesAndAnEmptyDelimiter() throws {
        let run = try gossipRun(seed: 1)
        var text = ""
        TraceExport.shiViz(run) { text += $0 + "\n" }
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        let readme = try String(contentsOf: BuiltBinary.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("`\(lines[0])`"), "the README names the parser line 1 holds")
        #expect(lines[0] == #"(?<event>.*)\n(?<host>\S*) (?<clock>{.*})"#)
        #expect(lines[1].trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(lines[2].hasPrefix("start @0s\nn1 {"))
        let regex = try NSRegularExpression(pattern: #"(?<event>.*)\n(?<host>\S*) (?<clock>\{.*\})"#)
        let log = String(lines[2])
        #expect(regex.numberOfMatches(in: log, range: NSRange(log.startIndex..., in: log)) == log.split(separator: "\n").count / 2)
    }

    @Test func jsonLinesAreValidJSONWithDocumentedFields() throws {
        let run = try gossipRun(seed: 3)
        var lines: [String] = []
        TraceExport.jsonLines(run) { lines.append($0) }
        #expect(lines.count == run.trace.count)
        for (i, line) in lines.enumerated() {
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(obj["i"] as? Int == i)
            #expect(obj["kind"] is String && obj["time_us"] is Int && obj["node"] is String)
            if obj["kind"] as? String == "deliver" { #expect(obj["cause"] is Int && obj["vc"] != nil) }
            if obj["kind"] as? String == "drop" { #expect(obj["reason"] is String && obj["vc"] == nil) }
        }
    }

    @Test func sameScenarioAndSeedGiveTheSameTraceInProcess() throws {
        var a: [String] = [], b: [String] = []
        TraceExport.jsonLines(try gossipRun(seed: 5)) { a.append($0) }
        TraceExport.jsonLines(try gossipRun(seed: 5)) { b.append($0) }
        var c: [String] = []
        TraceExport.jsonLines(try gossipRun(seed: 6)) { c.append($0) }
        #expect(a == b)
        #expect(a != c, "a different seed must give a different run")
    }
}
