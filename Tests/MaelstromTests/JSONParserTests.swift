import ClusterSim
import Maelstrom
import Testing

@Suite struct JSONParserTests {
    @Test func parsesAMessageAndRoundTripsIt() throws {
        let line = #"{"src":"n1","dest":"c1","body":{"type":"echo_ok","in_reply_to":3,"echo":"h\u00e9\n","xs":[1,-2.5,true,null]}}"#
        let m = try MaelstromMessage.parse(line: Array(line.utf8))
        #expect(m.src == "n1" && m.dest == "c1" && m.type == "echo_ok" && m.inReplyTo == 3)
        #expect(m.body["echo"] == .string("hé\n"))
        #expect(m.body["xs"] == .array([.int(1), .double(-2.5), .bool(true), .null]))
        let again = try MaelstromMessage.parse(line: Array(m.encoded.utf8))
        #expect(again == m)
    }

    @Test(arguments: [
        ("hello", "not JSON"),
        ("[1,2]", "not an object"),
        (#"{"dest":"n1","body":{"type":"x"}}"#, "\"src\""),
        (#"{"src":"n1","dest":"n2","body":{}}"#, "\"type\""),
        (#"{"src":"n1","dest":"n2","body":{"type":"x"}} trailing"#, "not JSON"),
        (#"{"src":"n1""#, "not JSON"),
    ])
    func rejectsWhatIsNotAMessageSayingWhatWasExpected(line: String, says: String) {
        do {
            _ = try MaelstromMessage.parse(line: Array(line.utf8))
            Issue.record("accepted \(line)")
        } catch {
            #expect("\(error)".contains(says), "\(error)")
            #expect("\(error)".contains("expected"))
        }
    }

    @Test func refusesNestingDeeperThanTheLimitInsteadOfOverflowingTheStack() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
    }

    @Test func reportsTheByteOfTheProblem() {
        do { _ = try JSONParser.parse(#"{"a": tru}"#); Issue.record("accepted") } catch {
            #expect(error.offset == 6)
        }
    }

    /// Node messages and client histories are read by one reader: the same
    /// line fails at the same byte with the same words in both.
    @Test(arguments: [#"{"a": tru}"#, #"{"a":[1,}"#, #"{"a":"abc}"#, #"{"a":1} x"#, #"{"a" 1}"#, #"{"a":"\q"}"#, "[1e]", "-", ""])
    func historiesAndMessagesFailAlike(line: String) throws {
        let message = #expect(throws: JSONFailure.self) { try JSONParser.parse(line) }
        let history = #expect(throws: JSONFailure.self) { try JSONReader<OpValue>.parse(line) }
        #expect(message == history, "\(line)")
    }

    /// A client history's strings decode escapes as a node's do, surrogate
    /// pairs included (the histories' own parser made them two U+FFFD).
    @Test func aHistoryDecodesASurrogatePairAsOneCharacter() throws {
        let ops = try ClientHistoryFile.read(#"{"process":0,"type":"ok","f":"read","value":"\ud83d\ude00"}"#)
        #expect(ops.first?.value == .string("😀"))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
    }
}
