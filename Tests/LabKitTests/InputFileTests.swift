import Testing
import Foundation
import ClusterSim
@testable import LabKit

/// Every input file is read through `InputFile`: a size limit checked before
/// parsing, and a message that names the file for every way reading fails.
@Suite struct InputFileTests {
    func temporary(_ name: String, _ data: Data) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inputfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    func problem(_ path: String, limit: Int = InputFile.documentLimit) -> String? {
        do { _ = try InputFile.text(path, limit: limit); return nil }
        catch { return "\(error)" }
    }

    @Test func aFileOverTheLimitIsRefusedBeforeParsing() throws {
        let path = try temporary("big.yaml", Data(repeating: UInt8(ascii: "#"), count: InputFile.documentLimit + 1))
        let message = try #require(problem(path))
        #expect(message.hasPrefix(path + ": ") && message.contains("larger than 1 MiB"), "\(message)")
        let exact = try temporary("exact.yaml", Data(repeating: UInt8(ascii: "#"), count: InputFile.documentLimit))
        #expect(problem(exact) == nil)
    }

    @Test func aDeviceThatNeverEndsIsRefused() throws {
        let message = try #require(problem("/dev/zero", limit: 4096))
        #expect(message.contains("larger than 4096 bytes"), "\(message)")
    }

    @Test func missingFoldersAndBinaryFilesSayWhat() throws {
        #expect(problem("/nonexistent/x.yaml") == "/nonexistent/x.yaml: no such file")
        #expect(problem(FileManager.default.temporaryDirectory.path)?.contains("folder") == true)
        let binary = try temporary("bin.yaml", Data([0xff, 0xfe, 0x00, 0x41]))
        #expect(problem(binary) == "\(binary):1:1: the file is not UTF-8 text")
    }
}
