import ClusterSim

/// One intermediate or output key/value pair.
public struct MRPair: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
    public var description: String { "\(key)=\(value)" }
}

/// The deterministic built-in input: documents of words drawn from a small
/// vocabulary (skewed, so some words are common), cut into M splits of
/// consecutive documents.
public struct MRCorpus: Sendable, Hashable {
    public static let vocabulary = [
        "the", "map", "reduce", "key", "value", "worker", "master", "split", "disk", "file",
        "task", "sort", "shuffle", "backup", "failure", "output", "input", "partition", "machine", "cluster",
        "google", "index", "word", "count",
    ]
    public let documents: [[String]]
    public let splits: Int

    public init(documents: Int, wordsPerDocument: Int, splits: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let n = UInt64(Self.vocabulary.count)
        self.documents = (0..<documents).map { _ in
            (0..<wordsPerDocument).map { _ in Self.vocabulary[Int(min(random.below(n), random.below(n)))] }
        }
        self.splits = splits
    }

    public init(_ config: MapReduceConfig) {
        self.init(documents: config.documents, wordsPerDocument: config.wordsPerDocument,
                  splits: config.splits, seed: config.corpusSeed)
    }

    /// The documents of split `i`, with their numbers.
    public func split(_ i: Int) -> [(doc: Int, words: [String])] {
        let lo = i * documents.count / splits, hi = (i + 1) * documents.count / splits
        return (lo..<hi).map { ($0, documents[$0]) }
    }
}

/// The job's map and reduce functions, the partitioning function, and the
/// single-node run the checker compares a distributed run with.
public enum MRJobFunctions {
    /// map over one split.
    public static func map(_ job: MapReduceJob, _ split: [(doc: Int, words: [String])]) -> [MRPair] {
        var out: [MRPair] = []
        for (doc, words) in split {
            switch job {
            case .wordCount: out += words.map { MRPair($0, "1") }
            case .invertedIndex:
                var seen: Set<String> = []
                for w in words where seen.insert(w).inserted { out.append(MRPair(w, "d\(doc)")) }
            }
        }
        return out
    }

    /// reduce over one key's values (in any order: both jobs are order-free).
    public static func reduce(_ job: MapReduceJob, _ values: [String]) -> String {
        switch job {
        case .wordCount: return String(values.reduce(0) { $0 + (Int($1) ?? 0) })
        case .invertedIndex:
            let docs = Set(values.compactMap { Int($0.dropFirst()) }).sorted()
            return docs.map { "d\($0)" }.joined(separator: ",")
        }
    }

    /// §4.1's default partitioning function, hash(key) mod R, with FNV-1a as the hash.
    public static func partition(_ key: String, reducers: Int) -> Int {
        var h: UInt32 = 2_166_136_261
        for b in key.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        return Int(h % UInt32(reducers))
    }

    /// Splits one map task's output into its R intermediate files.
    public static func partitioned(_ pairs: [MRPair], reducers: Int) -> [[MRPair]] {
        var files = Array(repeating: [MRPair](), count: reducers)
        for p in pairs { files[partition(p.key, reducers: reducers)].append(p) }
        return files
    }

    /// A reduce task: sort the fetched pairs by key, group, reduce each group.
    public static func reduceTask(_ job: MapReduceJob, _ pairs: [MRPair]) -> [MRPair] {
        var groups: [String: [String]] = [:]
        for p in pairs { groups[p.key, default: []].append(p.value) }
        return groups.keys.sorted().map { MRPair($0, reduce(job, groups[$0]!)) }
    }

    /// The same job on one node: map every split, group every key, reduce.
    public static func singleNode(_ job: MapReduceJob, _ corpus: MRCorpus) -> [String: String] {
        let all = (0..<corpus.splits).flatMap { map(job, corpus.split($0)) }
        var out: [String: String] = [:]
        for p in reduceTask(job, all) { out[p.key] = p.value }
        return out
    }
}
