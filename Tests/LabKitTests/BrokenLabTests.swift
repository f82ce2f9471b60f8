import Testing
import Foundation
import TestSupport

/// Every file in BrokenLabs/ is a lab broken one way (truncated, wrong types,
/// unknown keys, bad predicates, bad indentation, binary garbage, steps that
/// can't be reached…). `clusterlab lab validate` must exit 2 and say where:
/// expectations.tsv holds the file, `line:column` and the start of the message.
@Suite struct BrokenLabTests {
    static let folder = BuiltBinary.packageRoot.appendingPathComponent("Tests/LabKitTests/BrokenLabs")

    static var cases: [[String]] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("expectations.tsv"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func theCorpusIsLargeAndEveryFileHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 30)
        #expect(Set(files) == Set(Self.cases.map { $0[0] }), "every broken lab needs a line in expectations.tsv")
    }

    @Test(arguments: cases)
    func aBrokenLabExitsTwoWithItsLocation(_ c: [String]) throws {
        let (file, location, message) = (c[0], c[1], c[2])
        let path = Self.folder.appendingPathComponent(file).path
        let r = try BuiltBinary.run(["lab", "validate", path])
        #expect(r.status == 2, "\(file): exit \(r.status)")
        let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("\(path):\(location): "), "\(file): expected \(location), got: \(first)")
        #expect(first.contains(message), "\(file): expected message '\(message)', got: \(first)")
        // The offending line and a caret are shown whenever the file has that line.
        let line = Int(location.split(separator: ":")[0])!
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if line <= lines.count, !lines[line - 1].isEmpty {
            #expect(r.stderr.contains("^"), "\(file): the offending line and a caret are shown")
        }
    }
}
