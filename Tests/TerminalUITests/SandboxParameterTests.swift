import ClusterProtocols
import ClusterSim
import Testing
@testable import TerminalUI

/// `sandbox --param K=V` writes numbers, durations and percentages plainly:
/// scenario files refuse quoted numbers (issue 12), so `30%` must not become `"30%"`.
@Suite struct SandboxParameterTests {
    @Test func percentagesAndDurationsReachTheProtocol() throws {
        let source = ScenarioSource.sandbox("balancer", servers: 4, seed: 1,
                                            parameters: [("ewma_alpha", "30%"), ("service", "2ms"), ("weights", "3,2,1")])
        #expect(source.text.contains("ewma_alpha: 30%") && source.text.contains("weights: \"3,2,1\""), "\(source.text)")
        _ = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: source.name, text: source.text)))
    }
}
