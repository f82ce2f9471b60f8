import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Makes TCP sockets inside a network namespace of the run. A thread's
/// network namespace is its own on Linux: a short-lived thread enters the
/// namespace (`setns`), makes the socket and ends; the socket stays in that
/// namespace whichever thread uses it. The rest of clusterlab never leaves
/// the machine's own namespace.
enum NamespaceSocket {
    /// `setns(2)`: Swift's Glibc module does not declare it, so it is looked up in libc.
    private typealias SetnsFunction = @convention(c) (Int32, Int32) -> Int32
    private static let setnsFunction: SetnsFunction? = dlsym(nil, "setns").map { unsafeBitCast($0, to: SetnsFunction.self) }
    private static let cloneNewNet: Int32 = 0x4000_0000

    private final class Request {
        let path: String
        var fd: Int32 = -1
        var error: String?
        init(path: String) { self.path = path }
    }

    /// A new TCP socket (close-on-exec) in the namespace named `name` (`ip netns` name).
    static func tcpSocket(inNamespace name: String) throws -> Int32 {
        let request = Request(path: "/run/netns/\(name)")
        var thread = pthread_t()
        let box = Unmanaged.passRetained(request).toOpaque()
        let made = pthread_create(&thread, nil, { raw in
            let request = Unmanaged<Request>.fromOpaque(raw!).takeRetainedValue()
            let ns = open(request.path, O_RDONLY | O_CLOEXEC)
            guard ns >= 0 else { request.error = "\(request.path): \(String(cString: strerror(errno)))"; return nil }
            defer { close(ns) }
            guard let setns = NamespaceSocket.setnsFunction else { request.error = "setns is not available"; return nil }
            guard setns(ns, NamespaceSocket.cloneNewNet) == 0 else {
                request.error = "entering \(request.path): \(String(cString: strerror(errno)))"
                return nil
            }
            request.fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if request.fd < 0 { request.error = "socket: \(String(cString: strerror(errno)))" }
            return nil
        }, box)
        guard made == 0 else {
            Unmanaged<Request>.fromOpaque(box).release()
            throw TCPConnection.Failure(.other, "pthread_create: \(String(cString: strerror(made)))")
        }
        pthread_join(thread, nil)
        if let error = request.error { throw TCPConnection.Failure(.other, error) }
        return request.fd
    }
}
