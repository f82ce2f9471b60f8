import Testing
import ClusterSim

// Reading history files, and the malformed histories the checker refuses (with their line).

@Test func historyFileRoundTripsThroughJSONLines() throws {
    let history = HistoryText.parse("""
        0 invoke write x 1
        0 ok write x 1
        1 invoke cas x 1 2
        1 info cas x 1 2
        2 invoke read x
        2 ok read x null
        """) + [HistoryOperation(process: 3, type: .invoke, f: "write", key: "we\"ird\n", value: .string("s"))]
    let text = HistoryFile.jsonLines(history)
    #expect(text.hasPrefix(#"{"process":0,"type":"invoke","f":"write","key":"x","value":1}"# + "\n"))
    #expect(try HistoryFile.parse(jsonLines: text) == history)
}

@Test func historyFileSkipsBlankLinesButCountsThem() throws {
    let text = "\n" + #"{"process":0,"type":"invoke","f":"read","key":"x","value":null}"# + "\n\n"
    let numbered = try HistoryFile.parseNumbered(jsonLines: text)
    #expect(numbered.map(\.line) == [2])
}

@Test(arguments: [
    (#"{"process":0,"type":"invoke","f":"read","key":"x"}"#, "missing field \"value\""),
    (#"{"process":"a","type":"invoke","f":"read","key":"x","value":null}"#, "field \"process\": expected an integer"),
    (#"{"process":0,"type":"begin","f":"read","key":"x","value":null}"#, "field \"type\": expected \"invoke\", \"ok\", \"fail\" or \"info\""),
    (#"{"process":0,"type":"invoke""#, "not a JSON object"),
])
func historyFileReportsTheLineOfABadOp(line: String, message: String) {
    let good = #"{"process":0,"type":"invoke","f":"read","key":"x","value":null}"#
    let error = HistoryText.error { _ = try HistoryFile.parse(jsonLines: good + "\n\n" + line + "\n") }
    #expect(error?.line == 3)
    #expect(error?.message == message)
}

@Test(arguments: [
    ("0 invoke write x 1\n1 ok write x 1", 2, "process 1 completed write with no invoke outstanding"),
    ("0 invoke incr x 1", 1, "unknown f \"incr\" (expected read, write or cas)"),
    ("0 invoke write x 1\n0 ok write x 1\n0 invoke cas x 1", 3, "cas value must be [expected, new], got 1"),
    ("0 invoke write x 1\n0 invoke read x", 2, "process 0 invoked read while its write from line 1 is still outstanding"),
    ("0 invoke write x 1\n0 ok write y 1", 2, "process 0 completed write on key y but invoked write on key x at line 1"),
])
func malformedHistoriesAreErrorsWithTheirLine(text: String, line: Int, message: String) {
    let error = HistoryText.error { _ = try LinearizabilityChecker.check(HistoryText.parse(text)) }
    #expect(error?.line == line)
    #expect(error?.message == message)
}
