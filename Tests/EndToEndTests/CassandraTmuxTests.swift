import Foundation
import Testing
import TestSupport

/// `clusterlab sandbox quorum` at 80×24 as Cassandra's write path: writes
/// typed at n1 fill its memtable (`mem 2 sst -` in its box), a `flush` adds
/// an SSTable to the stack, and the fourth flush of similar-sized tables is
/// compacted, so the stack shrinks back to one table of eight rows.
@Suite(.serialized) struct CassandraTmuxTests {
    static func command(_ tmux: Tmux, _ text: String) {
        tmux.send(":"); tmux.send("-l", text); tmux.send("Enter")
    }

    @Test func writesFillTheMemtableAFlushAddsAnSSTableAndCompactionShrinksTheStack() throws {
        let tmux = try Tmux.start(command: "\(try Tmux.binary()) sandbox quorum --nodes 3 --seed 1 --workload ops=0 --param stamp_read=false",
                                  width: 80, height: 24)
        defer { tmux.kill() }

        try tmux.waitFor("Cluster · quorum · 3 nodes")
        try tmux.waitFor("mem 0 sst -")
        Self.command(tmux, "request n1 write k0 1")
        Self.command(tmux, "request n1 write k1 1")
        try tmux.waitFor("mem 2 sst -")
        Self.command(tmux, "request n1 flush")
        try tmux.waitFor("mem 0 sst 2")
        for (i, stack) in ["2 2", "2 2 2"].enumerated() {
            Self.command(tmux, "request n1 write k\(2 * i + 2) 1")
            Self.command(tmux, "request n1 write k\(2 * i + 3) 1")
            Self.command(tmux, "request n1 flush")
            try tmux.waitFor("mem 0 sst \(stack)")
        }
        // The fourth 2-row table makes a bucket of min_threshold (4) similar tables: one compaction.
        Self.command(tmux, "request n1 write k6 1")
        Self.command(tmux, "request n1 write k7 1")
        Self.command(tmux, "request n1 flush")
        try tmux.waitFor("mem 0 sst 8")
        tmux.send("q")
        try tmux.waitFor("EXITED=0")
    }
}
