import Testing
import ClusterSim
import ClusterProtocols
import TestSupport

/// Timeouts, retries with backoff, circuit breakers and the autoscaler.
@Suite struct BalancerResilienceTests {
    static func sim(_ c: BalancerConfig, servers: Int = 5, clients: Int = 8, seed: UInt64,
                    script: [(time: Int64, action: ClusterAction)] = []) -> Simulation<BalancerNode> {
        BalancerFeatureTests.sim(c, servers: servers, clients: clients, seed: seed, script: script)
    }
    static func balancer(_ s: Simulation<BalancerNode>) -> LoadBalancer { s.node(NodeID(0))!.balancer! }

    @Test func breakerOpensAfterThresholdFailuresAndAHalfOpenTrialDecides() {
        var b = CircuitBreaker()
        #expect(!b.failure(threshold: 3) && !b.failure(threshold: 3) && b.state == .closed)
        #expect(b.success() == false && b.failures == 0)   // a success resets the count
        #expect(!b.failure(threshold: 3) && !b.failure(threshold: 3))
        #expect(b.failure(threshold: 3) && b.state == .open && !b.admits)
        b.cooled()
        #expect(b.state == .halfOpen && b.admits)
        b.trialInFlight = true
        #expect(!b.admits)                                  // one trial at a time
        #expect(b.failure(threshold: 3) && b.state == .open) // a failed trial reopens at once
        b.cooled()
        #expect(b.success() && b.state == .closed && b.admits && b.openings == 2)
        var never = CircuitBreaker()
        for _ in 0..<100 { _ = never.failure(threshold: 0) }
        #expect(never.state == .closed)
    }

    @Test func retriesRescueRequestsAFullBackendRejects() {
        for seed in TestSeeds.sweep(5) {
            var c = BalancerConfig()
            c.queue = 0; c.requestsPerClient = 100; c.strategy = .random
            let without = Self.sim(c, servers: 4, clients: 8, seed: seed)
            without.run(until: { Self.balancer($0).completed + Self.balancer($0).rejected == 800 }, limit: .seconds(60))
            c.retries = 3; c.retryBackoff = 500
            let with = Self.sim(c, servers: 4, clients: 8, seed: seed)
            with.run(until: { Self.balancer($0).completed + Self.balancer($0).rejected == 800 }, limit: .seconds(60))
            let a = Self.balancer(without), b = Self.balancer(with)
            #expect(a.rejected > 50, "seed \(seed): only \(a.rejected) rejected without retries")
            #expect(b.retried > 0 && b.rejected * 4 < a.rejected,
                    "seed \(seed): failed \(a.rejected) without retries, \(b.rejected) with (\(b.retried) retries)")
        }
    }

    @Test func backoffDoublesWithJitterUpToAsMuchAgain() {
        for seed in TestSeeds.sweep(10) {
            var random = SeededRandom(seed: seed)
            for attempt in 1...5 {
                let d = LoadBalancer.backoff(attempt: attempt, base: 1_000) { Int(random.below(UInt64($0))) }
                let floor = Int64(1_000) << Int64(attempt - 1)
                #expect(d >= floor && d <= 2 * floor, "seed \(seed): attempt \(attempt) waited \(d)us")
            }
        }
        #expect(LoadBalancer.backoff(attempt: 3, base: 0) { _ in 0 } == 0)
    }

    /// Health checks off: only timeouts notice a crashed backend. Retries
    /// send its requests elsewhere, the breaker stops sending it more.
    @Test func timeoutsRetriesAndTheBreakerRouteAroundADeadBackend() {
        for seed in TestSeeds.sweep(5) {
            var c = BalancerConfig()
            c.healthInterval = 0; c.requestsPerClient = 100
            c.timeout = 20_000; c.retries = 2; c.retryBackoff = 1_000
            c.breakerFailures = 3; c.breakerCooldown = 200_000
            let s = Self.sim(c, seed: seed, script: [(time: 30_000, action: .crash(NodeID(2)))])
            let done = s.run(until: { Self.balancer($0).completed + Self.balancer($0).rejected == 800 }, limit: .seconds(30))
            let lb = Self.balancer(s)
            #expect(done && lb.completed == 800 && lb.rejected == 0, "seed \(seed): completed \(lb.completed), failed \(lb.rejected)")
            #expect(lb.timeouts > 0 && lb.breakers[1].openings >= 1, "seed \(seed): timeouts \(lb.timeouts), openings \(lb.breakers[1].openings)")
            // Each opening lets one trial through after the cooldown: few requests reach the dead backend.
            let others = lb.forwarded.enumerated().filter { $0.offset != 1 }.map(\.element).min()!
            #expect(lb.forwarded[1] * 5 < others, "seed \(seed): forwarded \(lb.forwarded)")
        }
    }

    @Test func withoutRetriesTimedOutRequestsFail() {
        // The same run without retries: the checker above would catch this.
        var c = BalancerConfig()
        c.healthInterval = 0; c.requestsPerClient = 100; c.timeout = 20_000
        let seed: UInt64 = 1
        let s = Self.sim(c, seed: seed, script: [(time: 30_000, action: .crash(NodeID(2)))])
        s.run(until: { Self.balancer($0).completed + Self.balancer($0).rejected == 800 }, limit: .seconds(30))
        #expect(Self.balancer(s).rejected > 0, "seed \(seed)")
    }

    @Test func theBreakerClosesAgainWhenTheBackendComesBack() {
        let seed: UInt64 = 3
        var c = BalancerConfig()
        c.healthInterval = 0; c.requestsPerClient = 0
        c.timeout = 20_000; c.retries = 2; c.breakerFailures = 3; c.breakerCooldown = 100_000
        let s = Self.sim(c, seed: seed, script: [(time: 30_000, action: .crash(NodeID(2))),
                                                 (time: 400_000, action: .restart(NodeID(2)))])
        s.run(until: .ms(300))
        #expect(Self.balancer(s).breakers[1].state != .closed, "seed \(seed)")
        s.run(until: .ms(1_000))
        let lb = Self.balancer(s)
        #expect(lb.breakers[1].state == .closed && lb.eligible[1], "seed \(seed): \(lb.breakers[1])")
    }

    @Test func autoscalerDecidesByUtilisationWithinItsBounds() {
        var a = Autoscaler(policy: AutoscalePolicy(min: 1, max: 3, high: 0.8, low: 0.3, interval: 100_000))
        let live = [true, true, true, true]
        #expect(a.decide(busy: [90_000, 0, 0, 0], inRotation: [true, false, false, false], live: live, concurrency: 1) == .add(1))
        #expect(a.decide(busy: [90_000, 0, 0, 0], inRotation: [true, false, false, false], live: [true, false, true, true], concurrency: 1) == .add(2))
        #expect(a.decide(busy: [90_000, 90_000, 90_000, 0], inRotation: [true, true, true, false], live: live, concurrency: 1) == .stay)
        #expect(a.decide(busy: [10_000, 10_000, 0, 0], inRotation: [true, true, false, false], live: live, concurrency: 1) == .remove(1))
        #expect(a.decide(busy: [0, 0, 0, 0], inRotation: [true, false, false, false], live: live, concurrency: 1) == .stay)
        #expect(a.decide(busy: [50_000, 50_000, 0, 0], inRotation: [true, true, false, false], live: live, concurrency: 1) == .stay)
        #expect(abs(a.lastUtilisation - 0.5) < 1e-9)
    }

    @Test func autoscalerFollowsARampUpAndBackDown() {
        for seed in TestSeeds.sweep(3) {
            var c = BalancerConfig()
            c.arrival = .poisson; c.rate = 500; c.peakRate = 4_500; c.ramp = 2_000_000; c.requestsPerClient = 0
            c.autoscale = AutoscalePolicy(min: 1, max: 6, high: 0.75, low: 0.35, interval: 100_000)
            let s = Self.sim(c, servers: 7, clients: 4, seed: seed)
            #expect(Self.balancer(s).activeBackends == 1)
            var peak = 0
            while s.now.microseconds < 2_000_000, s.step() { peak = max(peak, Self.balancer(s).activeBackends) }
            s.run(until: .seconds(6))
            let lb = Self.balancer(s)
            #expect(peak >= 5, "seed \(seed): at most \(peak) backends at 4500/s")
            #expect(lb.activeBackends <= 2 && lb.autoscaler!.scaledDown >= 3, "seed \(seed): \(lb.activeBackends) active after the ramp")
            #expect(lb.forwarded[5] == 0 || peak == 6, "seed \(seed)")
        }
    }
}
