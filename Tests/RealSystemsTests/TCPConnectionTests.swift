import Testing
@testable import RealSystems

@Suite struct TCPConnectionTests {
    @Test func aClosedPortIsRefusedWithAReadableMessage() throws {
        // Port 1 on loopback has no listener here: the connect is refused at once.
        #expect(throws: TCPConnection.Failure.self) { try TCPConnection.connect(host: "127.0.0.1", port: 1, timeoutMs: 500) }
        do { _ = try TCPConnection.connect(host: "127.0.0.1", port: 1, timeoutMs: 500) } catch let f as TCPConnection.Failure {
            #expect(f.kind == .refused)
            #expect(f.description.contains("127.0.0.1:1"))
        }
    }

    @Test func aNameIsNotAnAddress() {
        #expect(throws: TCPConnection.Failure.self) { try TCPConnection.connect(host: "localhost", port: 80, timeoutMs: 100) }
    }
}
