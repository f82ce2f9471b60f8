/// Tarjan's strongly connected components, iterative: the graphs here are
/// deep (a long history's dependencies, a model checker's states), too deep
/// for recursion.
enum StrongComponents {
    /// Each vertex's component number, or -1 for a vertex `includes` leaves
    /// out; `count` components in all. Vertex `v` has `degree(v)` edges, the
    /// `i`-th leading to `successor(v, i)` (nil: an edge to leave out).
    static func label(vertexCount n: Int, includes: (Int) -> Bool = { _ in true }, degree: (Int) -> Int,
                      successor: (Int, Int) -> Int?) -> (component: [Int], count: Int) {
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var component = [Int](repeating: -1, count: n)
        var stack: [Int] = []
        var counter = 0, count = 0
        func visit(_ v: Int, _ work: inout [(v: Int, edge: Int)]) {
            index[v] = counter; low[v] = counter; counter += 1
            stack.append(v); onStack[v] = true
            work.append((v, 0))
        }
        for root in 0..<n where index[root] < 0 && includes(root) {
            var work: [(v: Int, edge: Int)] = []
            visit(root, &work)
            while let (v, i) = work.last {
                if i < degree(v) {
                    work[work.count - 1].edge += 1
                    guard let w = successor(v, i), includes(w) else { continue }
                    if index[w] < 0 { visit(w, &work) } else if onStack[w] { low[v] = min(low[v], index[w]) }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.v] = min(low[parent.v], low[v]) }
                guard low[v] == index[v] else { continue }
                while let w = stack.popLast() {
                    onStack[w] = false; component[w] = count
                    if w == v { break }
                }
                count += 1
            }
        }
        return (component, count)
    }
}
