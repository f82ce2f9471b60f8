import ClusterSim

/// Commands typed at a server (`request n1 …` in scenarios, labs and the
/// interface's `:` prompt):
///
/// - `reshard 100 n2` — move this master's 100 lowest slots to n2;
/// - `reshard 0-99 n2` — move slots 0–99 (all served by this master) to n2;
/// - `keyslot KEY` — log the key's slot and who serves it (CLUSTER KEYSLOT);
/// - `get KEY`, `set KEY VALUE` — run a command here, or log the redirect.
extension RedisServer {
    static let consoleUsage = "reshard COUNT nX | reshard FIRST-LAST nX | keyslot KEY | get KEY | set KEY VALUE"

    public mutating func command(_ text: String, _ context: inout RedisContext) {
        let words = text.split(separator: " ").map(String.init)
        switch (words.first?.lowercased(), words.count) {
        case ("reshard", 3):
            guard let target = layout.node(named: words[2]), !layout.isClient(target) else {
                return context.log("reshard: unknown server '\(words[2])'")
            }
            guard let moving = parseSlots(words[1]) else {
                return context.log("reshard: '\(words[1])' is neither a slot count nor a range FIRST-LAST of 0-16383")
            }
            reshard(moving, to: target, &context)
        case ("keyslot", 2):
            let slot = RedisHashSlot.slot(forKey: words[1])
            context.log("CLUSTER KEYSLOT \(words[1]) = \(slot), served by " + (slots.owner(of: slot).map(name) ?? "nobody"))
        case ("get", 2), ("set", 3):
            let key = words[1]
            let command: RedisCommand
            if words.count == 3 {
                guard let v = Int64(words[2]) else { return context.log("set: the value must be an integer") }
                command = .set(key, v)
            } else { command = .get(key) }
            let slot = RedisHashSlot.slot(forKey: key)
            guard isMaster, slots.owner(of: slot) == id, migrating[slot] == nil || store[key] != nil else {
                let to = migrating[slot] ?? slots.owner(of: slot)
                return context.log("\(command): -\(migrating[slot] != nil ? "ASK" : "MOVED") \(slot) \(to.map(name) ?? "?")")
            }
            if case .set(let k, let v) = command { write(.set(k, v), &context); context.log("\(command): OK") } else {
                context.log("\(command): \(store[key].map(String.init) ?? "(nil)")")
            }
        default:
            context.log("unknown command '\(text)': try \(Self.consoleUsage)")
        }
    }

    /// `100` (this master's lowest 100 slots) or `0-99`.
    func parseSlots(_ word: String) -> SlotRanges? {
        if let n = Int(word) { return n > 0 ? firstSlots(n) : nil }
        let parts = word.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, parts[0] <= parts[1], parts[0] >= 0, parts[1] < RedisHashSlot.slotCount else { return nil }
        return SlotRanges([parts[0]...parts[1]])
    }
}
