import Maelstrom
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Line framing over a non-blocking pipe: whole lines out, a line past the
/// limit reported once and dropped to its newline, memory bounded throughout.
@Suite struct LineReaderTests {
    /// A non-blocking pipe with `bytes` written into it and the write end closed.
    func pipe(with bytes: [UInt8]) -> Int32 {
        var fds: [Int32] = [-1, -1]
        _ = Glibc.pipe(&fds)
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress! + off, bytes.count - off) }
            if n <= 0 { break }
            off += n
        }
        close(fds[1])
        return fds[0]
    }

    @Test func splitsLinesAndKeepsAnUnterminatedLastOne() {
        let fd = pipe(with: Array("a\nbb\n\nccc".utf8))
        defer { close(fd) }
        var reader = LineReader(limit: 100)
        var lines: [String] = []
        var outcome = LineReader.Outcome.more
        while outcome == .more { outcome = reader.drain(fd) { lines.append(String(decoding: $0, as: UTF8.self)) } }
        #expect(lines == ["a", "bb", "", "ccc"])
        #expect(outcome == .endOfFile)
    }

    @Test func aLineOverTheLimitIsReportedOnceAndTheNextLinesStillArrive() {
        // 40 KB without a newline (fits the pipe's buffer), then two good lines.
        let fd = pipe(with: Array(repeating: UInt8(ascii: "x"), count: 40_000) + Array("\nok\nfine\n".utf8))
        defer { close(fd) }
        var reader = LineReader(limit: 1_000)
        var lines: [String] = []
        var tooLong = 0
        var outcome = LineReader.Outcome.more
        repeat {
            outcome = reader.drain(fd, maxReads: 1) { lines.append(String(decoding: $0, as: UTF8.self)) }
            if case .tooLong(let prefix) = outcome { tooLong += 1; #expect(prefix.count == 200 && prefix.allSatisfy { $0 == UInt8(ascii: "x") }) }
        } while outcome != .endOfFile
        #expect(tooLong == 1)
        #expect(lines == ["ok", "fine"])
    }
}
