import Foundation
import Maelstrom

/// Starts helper processes for the runner's tests (posix_spawn through `ChildProcess`).
enum ChildProcessHelper {
    static func spawn(_ argv: [String]) throws -> ChildProcess {
        let p = try ChildProcess(executable: argv[0], arguments: Array(argv.dropFirst()))
        p.closeStdin()
        return p
    }

    /// A python3 listener on `address:port` inside namespace `ns` that accepts and holds connections.
    static func listener(in ns: String, address: String, port: Int) throws -> ChildProcess {
        let code = "import socket,time\ns=socket.socket()\ns.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
            + "s.bind(('\(address)',\(port)))\ns.listen(64)\nc=[]\nwhile True:\n  c.append(s.accept())\n"
        return try spawn(["ip", "netns", "exec", ns, "python3", "-c", code])
    }
}
