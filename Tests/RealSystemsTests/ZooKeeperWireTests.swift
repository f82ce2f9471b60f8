import Testing
@testable import RealSystems

/// The byte layouts of zookeeper.jute (apache/zookeeper,
/// zookeeper-jute/src/main/resources/zookeeper.jute): big-endian fields in
/// declaration order, each packet framed by its length.
@Suite struct ZooKeeperWireTests {
    @Test func aConnectRequestIsItsFiveFieldsThenReadOnlyFramedByLength() {
        let bytes = ZooKeeperWire.connectRequest(lastZxidSeen: 0x1_0000_0002, timeoutMs: 6000)
        // protocolVersion 4 + lastZxidSeen 8 + timeOut 4 + sessionId 8 + passwd (4 + 16) + readOnly 1
        #expect(bytes.count == 4 + 45)
        #expect(Array(bytes[0..<4]) == [0, 0, 0, 45])
        #expect(Array(bytes[4..<8]) == [0, 0, 0, 0])
        #expect(Array(bytes[8..<16]) == [0, 0, 0, 1, 0, 0, 0, 2])
        #expect(Array(bytes[16..<20]) == [0, 0, 0x17, 0x70])
        #expect(Array(bytes[20..<28]) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(Array(bytes[28..<32]) == [0, 0, 0, 16])
        #expect(bytes.last == 0)
    }

    @Test func getDataIsHeaderThenPathThenWatch() {
        let bytes = ZooKeeperWire.getData(xid: 7, path: "/a")
        #expect(bytes == [0, 0, 0, 15,  0, 0, 0, 7,  0, 0, 0, 4,  0, 0, 0, 2, 0x2f, 0x61,  0])
    }

    @Test func setDataWithAnyVersionSendsMinusOne() {
        let bytes = ZooKeeperWire.setData(xid: 1, path: "/a", data: [0x33], version: -1)
        #expect(Array(bytes[8..<12]) == [0, 0, 0, 5])
        #expect(Array(bytes.suffix(9)) == [0, 0, 0, 1, 0x33, 0xff, 0xff, 0xff, 0xff])
    }

    @Test func createCarriesOneOpenACLAndPersistentFlags() throws {
        let bytes = ZooKeeperWire.create(xid: 1, path: "/a", data: [])
        var r = JuteReader(Array(bytes.dropFirst(4)))
        #expect(try r.int() == 1)
        #expect(try r.int() == 1)  // OpCode.create
        #expect(try r.string() == "/a")
        #expect(try r.buffer() == [])
        #expect(try r.int() == 1)  // one ACL
        #expect(try r.int() == 31)  // Perms.ALL
        #expect(try r.string() == "world")
        #expect(try r.string() == "anyone")
        #expect(try r.int() == 0)  // CreateMode.PERSISTENT
        #expect(r.remaining == 0)
    }

    @Test func aReplyHeaderAndStatAreReadInDeclarationOrder() throws {
        var w = JuteWriter()
        w.int(3); w.long(0x2_0000_0005); w.int(0)  // ReplyHeader
        w.long(1); w.long(0x2_0000_0005); w.long(10); w.long(11)  // czxid mzxid ctime mtime
        w.int(4); w.int(0); w.int(0)  // version cversion aversion
        w.long(0); w.int(1); w.int(0); w.long(1)  // ephemeralOwner dataLength numChildren pzxid
        var r = JuteReader(w.bytes)
        let header = try ZooKeeperWire.ReplyHeader(&r)
        #expect(header.xid == 3 && header.zxid == 0x2_0000_0005 && header.err == 0)
        #expect(try ZooKeeperWire.Stat(&r) == ZooKeeperWire.Stat(mzxid: 0x2_0000_0005, version: 4))
        #expect(r.remaining == 0)
    }

    @Test func aTruncatedReplyIsAnErrorNotACrash() {
        var r = JuteReader([0, 0, 0])
        #expect(throws: JuteReader.Truncated.self) { try r.int() }
        var s = JuteReader([0, 0, 0, 9, 1])
        #expect(throws: JuteReader.Truncated.self) { try s.buffer() }
    }

    @Test func aNullBufferIsMinusOne() throws {
        var w = JuteWriter()
        w.buffer(nil)
        #expect(w.bytes == [0xff, 0xff, 0xff, 0xff])
        var r = JuteReader(w.bytes)
        #expect(try r.buffer() == nil)
    }

    @Test func anExpiredOrMovedSessionIsDroppedButAMissingNodeIsNot() {
        #expect(ZooKeeperError.server(-112).endsSession)
        #expect(ZooKeeperError.server(-118).endsSession)
        #expect(ZooKeeperError.connectionLoss("closed").endsSession)
        #expect(!ZooKeeperError.server(-101).endsSession)
        #expect(!ZooKeeperError.server(-103).endsSession)
    }

    @Test func errorCodesAreNamedAsKeeperExceptionNamesThem() {
        #expect(ZooKeeperError.server(-101).description == "NoNode")
        #expect(ZooKeeperError.server(-103).description == "BadVersion")
        #expect(ZooKeeperError.server(-110).description == "NodeExists")
        #expect(ZooKeeperError.server(-112).description == "SessionExpired")
        #expect(ZooKeeperError.connectionLoss("timeout").description.hasPrefix("ConnectionLoss"))
    }
}
