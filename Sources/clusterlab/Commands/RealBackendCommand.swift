import ArgumentParser
import Foundation
import RealSystems

/// `clusterlab real-backend`: one of the HTTP backends `clusterlab real
/// haproxy` runs behind HAProxy (hidden: the run starts it, a person need not).
struct RealBackendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "real-backend",
        abstract: "Serve HTTP GETs after a fixed delay, naming this backend (started by `clusterlab real haproxy`).",
        shouldDisplay: false)

    @Option(help: "IPv4 address to listen on.") var address: String
    @Option(help: "TCP port to listen on.") var port: Int = 8080
    @Option(help: "The backend's name, sent in the X-Backend header and the body.") var name: String
    @Option(name: .customLong("delay-ms"), help: "Service time of every request, in milliseconds.") var delayMs: Int = 0
    @Option(name: .customLong("data-dir"), help: "The run's directory for this node: the backend writes its pid there, and the run finds its processes by it.")
    var dataDir: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port \(port): must be 1…65535") }
        guard (0...600_000).contains(delayMs) else { throw ValidationError("--delay-ms \(delayMs): must be 0…600000") }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ValidationError("--name '\(name)': letters, digits, - and _ only (it goes into an HTTP header)")
        }
    }

    func run() throws {
        let server: HTTPBackendServer
        do { server = try HTTPBackendServer(address: address, port: UInt16(port), name: name, delayMs: delayMs) } catch {
            printError("real-backend: \(error)")
            throw Exit.badInput
        }
        if let dataDir {
            try? "\(getpid())\n".write(toFile: dataDir + "/backend.pid", atomically: true, encoding: .utf8)
        }
        server.serve()
    }
}
