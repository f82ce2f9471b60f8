import Foundation
import Maelstrom
#if canImport(Glibc)
import Glibc
#endif

/// Runs iproute2's `ip` (posix_spawn + waitpid through `ChildProcess`),
/// optionally with a batch of commands on its stdin (`ip -b -`), and
/// returns what it wrote to stderr on failure.
enum IPCommand {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Where `ip` is: on PATH, or in the sbin folders a non-login root shell may leave off it.
    static var path: String? {
        ChildProcess.resolve("ip") ?? ["/usr/sbin/ip", "/sbin/ip", "/bin/ip"].first(where: { access($0, X_OK) == 0 })
    }

    /// `ip ARGS`, or `ip ARGS -b -` fed `batch` (one command per line).
    @discardableResult
    static func run(_ arguments: [String], batch: [String]? = nil) throws -> String {
        let args = batch == nil ? arguments : arguments + ["-b", "-"]
        guard let ip = path else {
            throw Failure(description: "iproute2's `ip` is not installed (apt-get install iproute2)")
        }
        let child = try ChildProcess(executable: ip, arguments: args, environment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C"])
        if let batch {
            let text = Array((batch.joined(separator: "\n") + "\n").utf8)
            var sent = 0
            while sent < text.count {
                let n = text[sent...].withUnsafeBytes { Glibc.write(child.stdin, $0.baseAddress, $0.count) }
                if n > 0 { sent += n; continue }
                if errno == EAGAIN || errno == EINTR { usleep(1000); continue }
                break
            }
        }
        child.closeStdin()
        var out: [UInt8] = [], err: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var open = [child.stdout, child.stderr]
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), 1000)
            for p in fds where p.revents != 0 {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(p.fd, $0.baseAddress, $0.count) }
                if n > 0 { if p.fd == child.stdout { out += buffer[0..<n] } else { err += buffer[0..<n] } }
                else if n == 0 || (errno != EAGAIN && errno != EINTR) { open.removeAll { $0 == p.fd } }
            }
        }
        child.reap(blocking: true)
        let status = child.exitStatus ?? -1
        guard status == 0 else {
            let text = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(description: "ip \(args.joined(separator: " ")): \(text.isEmpty ? ChildProcess.describe(status: status) : text)")
        }
        return String(decoding: out, as: UTF8.self)
    }
}
