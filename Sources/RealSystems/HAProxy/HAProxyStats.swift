/// HAProxy's `show stat` answer (CSV, one row per frontend, server and
/// backend; the first line `# pxname,svname,...` names the columns), read
/// from the stats socket. Column meanings: the 2.6 management guide, section
/// 9.1 (https://docs.haproxy.org/2.6/management.html#9.1).
public struct HAProxyStats: Sendable, Hashable {
    /// One row, its cells by column name (`pxname`, `svname`, `scur`, `stot`, `status`, ...).
    public struct Row: Sendable, Hashable {
        public var cells: [String: String]
        public subscript(_ column: String) -> String { cells[column] ?? "" }
        public var proxy: String { self["pxname"] }
        public var server: String { self["svname"] }
    }

    public var rows: [Row]

    struct Malformed: Error, CustomStringConvertible { var description: String }

    /// Parses the CSV text; throws when the header line is missing.
    public init(csv: String) throws {
        let lines = csv.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
        guard let header = lines.first, header.hasPrefix("# ") else {
            throw Malformed(description: "show stat: no header line (got \(csv.prefix(60)))")
        }
        let columns = header.dropFirst(2).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        rows = lines.dropFirst().filter { !$0.hasPrefix("#") }.map { line in
            let values = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var cells: [String: String] = [:]
            for (column, value) in zip(columns, values) where !column.isEmpty { cells[column] = value }
            return Row(cells: cells)
        }
    }

    /// The row of `server` (`FRONTEND`, `BACKEND`, or a server name) in `proxy`.
    public func row(_ proxy: String, _ server: String) -> Row? {
        rows.first { $0.proxy == proxy && $0.server == server }
    }

    /// The balancer's frontend and backend rows.
    public var frontend: Row? { row("web", "FRONTEND") }
    public var backend: Row? { row(HAProxyConfig.backendSection, "BACKEND") }
    /// The server rows of the backend, in configuration order.
    public var servers: [Row] {
        rows.filter { $0.proxy == HAProxyConfig.backendSection && $0.server != "BACKEND" && $0.server != "FRONTEND" }
    }

    /// Asks `show stat` on the stats socket (non-interactive: HAProxy answers and closes).
    public static func read(address: String, connect: RealConnect, timeoutMs: Int) throws -> HAProxyStats {
        let connection = try connect(address, HAProxyConfig.statsPort, timeoutMs)
        try connection.write("show stat\n")
        return try HAProxyStats(csv: String(decoding: connection.readToEnd(), as: UTF8.self))
    }
}
