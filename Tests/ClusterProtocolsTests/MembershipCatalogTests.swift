import Testing
import ClusterSim
import ClusterProtocols

/// `protocol: membership` in scenario files: the detector picks which keys are allowed.
@Suite struct MembershipCatalogTests {
    func make(_ parameters: String) throws -> ClusterRun {
        try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: "t", text: "protocol: membership\nparameters:\n" + parameters)))
    }

    @Test func eachDetectorRunsFromAScenario() throws {
        _ = try ProtocolCatalog.sandbox("membership")
        _ = try make("  detector: phi\n  threshold: 5.5\n  tick: 5ms\n")
        _ = try make("  detector: swim\n  indirect: 2\n  suspicion_timeout: 2s\n")
    }

    @Test func aKeyAnotherDetectorReadsIsAnError() {
        #expect(throws: SourceError.self) { try make("  detector: swim\n  timeout: 1s\n") }
        #expect(throws: SourceError.self) { try make("  detector: heartbeat\n  threshold: 8\n") }
        #expect(throws: SourceError.self) { try make("  detector: gossip\n") }
    }
}
