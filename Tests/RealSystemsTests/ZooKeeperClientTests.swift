import ClusterSim
import Testing
@testable import RealSystems

/// The register client against a stand-in server on 127.0.3.20 (no java):
/// which completions ZooKeeper's answers and silences become.
@Suite(.serialized) struct ZooKeeperClientTests {
    typealias Op = ZooKeeperWire.OpCode
    static let address = "127.0.3.20"

    static func client(syncBeforeRead: Bool = false) -> ZooKeeperRegisterClient {
        ZooKeeperRegisterClient(index: 0, addresses: [address], connect: TCPConnection.direct, seed: 1, syncBeforeRead: syncBeforeRead)
    }
    static func invoke(_ f: String, _ value: HistoryValue) -> HistoryOperation {
        HistoryOperation(process: 0, type: .invoke, f: f, key: "k0", value: value)
    }

    @Test func aWriteToAMissingZnodeCreatesIt() throws {
        let server = try ZooKeeperFakeServer(address: Self.address) { op, _ in
            op == Op.setData.rawValue ? .error(ZooKeeperError.noNode) : .ok([0, 0, 0, 0])
        }
        defer { server.stop() }
        let client = Self.client()
        let done = client.perform(Self.invoke("write", .int(3)))
        #expect(done.type == .ok)
        // create /clusterlab, setData (NoNode), create /clusterlab/k0
        #expect(server.opCodes == [Op.create.rawValue, Op.setData.rawValue, Op.create.rawValue])
    }

    @Test func anExpiredSessionFailsTheWriteAndTheNextOperationOpensAnother() throws {
        let server = try ZooKeeperFakeServer(address: Self.address) { op, n in
            if op == Op.setData.rawValue, n == 0 { return .error(-112) }  // SessionExpired
            return op == Op.setData.rawValue ? .ok(ZooKeeperFakeServer.statReply) : .ok([0, 0, 0, 0])
        }
        defer { server.stop() }
        let client = Self.client()
        let first = client.perform(Self.invoke("write", .int(1)))
        #expect(first.type == .fail && first.error == .string("SessionExpired"))
        #expect(client.perform(Self.invoke("write", .int(2))).type == .ok)
        #expect(server.connections == 2)
    }

    @Test func aWriteThatGetsNoAnswerIsUnknownButAReadIsAFailure() throws {
        let server = try ZooKeeperFakeServer(address: Self.address) { op, _ in
            op == Op.create.rawValue ? .ok([0, 0, 0, 0]) : .silence
        }
        defer { server.stop() }
        let write = Self.client().perform(Self.invoke("write", .int(1)))
        #expect(write.type == .info, "\(write)")
        let read = Self.client().perform(Self.invoke("read", .null))
        #expect(read.type == .fail && read.value == .null, "\(read)")
    }

    @Test func aWriteTheServerStoppedWaitingForIsUnknown() throws {
        let server = try ZooKeeperFakeServer(address: Self.address) { op, _ in
            op == Op.setData.rawValue ? .error(-122) : .ok([0, 0, 0, 0])  // RequestTimeout
        }
        defer { server.stop() }
        let write = Self.client().perform(Self.invoke("write", .int(1)))
        #expect(write.type == .info && write.error == .string("RequestTimeout"), "\(write)")
    }

    @Test func aCasSetsWithTheVersionItReadAndFailsOnBadVersion() throws {
        let server = try ZooKeeperFakeServer(address: Self.address) { op, _ in
            switch op {
            case Op.getData.rawValue: return .ok(ZooKeeperFakeServer.getDataReply("1", version: 4))
            case Op.setData.rawValue: return .error(ZooKeeperError.badVersion)
            default: return .ok([0, 0, 0, 0])
            }
        }
        defer { server.stop() }
        let client = Self.client()
        let raced = client.perform(Self.invoke("cas", .list([.int(1), .int(2)])))
        #expect(raced.type == .fail && raced.error == .string("BadVersion"))
        let other = client.perform(Self.invoke("cas", .list([.int(3), .int(2)])))
        #expect(other.type == .fail && other.error == .string("precondition-failed"))
        // The second cas read 1, not 3, and sent no setData.
        #expect(server.opCodes.filter { $0 == Op.setData.rawValue }.count == 1)
    }

    @Test func syncModeSyncsBeforeEveryRead() throws {
        let server = try ZooKeeperFakeServer(address: Self.address) { op, _ in
            op == Op.getData.rawValue ? .ok(ZooKeeperFakeServer.getDataReply("4", version: 0)) : .ok([0, 0, 0, 0])
        }
        defer { server.stop() }
        let read = Self.client(syncBeforeRead: true).perform(Self.invoke("read", .null))
        #expect(read.type == .ok && read.value == .int(4))
        #expect(server.opCodes == [Op.create.rawValue, Op.sync.rawValue, Op.getData.rawValue])
    }
}
