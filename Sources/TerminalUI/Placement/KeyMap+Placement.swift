extension KeyMap {
    /// The placement screen's keys (`clusterlab placement`).
    public static let placement: [KeyBinding] = [
        KeyBinding([.char("?")], .helpToggled, "show or hide this help", hint: "help"),
        KeyBinding([.char("q")], .quitPressed, "back to Home if opened there, else quit", hint: "quit"),
        KeyBinding([.char("s"), .tab], .placement(.schemeCycled(forward: true)), "next scheme (mod-n, range, ring, …)", hint: "scheme"),
        KeyBinding([.char("S")], .placement(.schemeCycled(forward: false)), "previous scheme"),
        KeyBinding([.char("+"), .char("=")], .placement(.nodeJoined), "a node joins: shows the keys moved against K/(N+1)", hint: "join"),
        KeyBinding([.char("-"), .char("_")], .placement(.nodeLeft), "the newest node leaves: keys moved against K/N", hint: "leave"),
        KeyBinding([.char("v")], .placement(.virtualNodesToggled), "ring: virtual nodes on or off", hint: "vnodes"),
        KeyBinding([.char("z")], .placement(.zipfToggled), "Zipf workload on or off: hot keys and requests per node", hint: "zipf"),
        KeyBinding([.char("r")], .placement(.resetPressed), "back to the starting nodes", hint: "reset"),
        KeyBinding([.escape], .placement(.closed), "back to the home screen (or quit)"),
    ]
}
