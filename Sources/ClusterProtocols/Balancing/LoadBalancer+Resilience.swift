import ClusterSim

/// Timeouts, retries with exponential backoff and jitter, and the circuit
/// breakers: what the balancer does when an attempt fails.
extension LoadBalancer {
    /// An attempt's timeout fired: the balancer gives up on that attempt
    /// (the backend may still serve it: wasted work, as in a retry storm).
    mutating func timedOut(_ id: Int, _ context: inout NodeContext<BalancerNode>) {
        guard id < requests.count, requests[id].inUse, requests[id].backend >= 0 else { return }
        timeouts += 1
        requests[id].elapsed = SaturatingTime.add(requests[id].elapsed, config.timeout)
        attemptFailed(id, &context)
    }

    /// A rejection or a timeout: count it against the backend, then retry
    /// after a backoff or, retries used up, answer the client with a failure.
    mutating func attemptFailed(_ id: Int, _ context: inout NodeContext<BalancerNode>) {
        let b = requests[id].backend
        if b >= 0 {
            inFlight[b] -= 1
            requests[id].backend = -1
            failed(b, &context)
        }
        guard requests[id].attempt < config.retries else {
            rejected += 1
            answer(id, ok: false, &context)
            return
        }
        requests[id].attempt += 1
        retried += 1
        let delay = Self.backoff(attempt: requests[id].attempt, base: config.retryBackoff) { context.random(below: $0) }
        guard delay > 0 else { dispatch(id, &context); return }
        requests[id].elapsed = SaturatingTime.add(requests[id].elapsed, delay)
        context.setTimer(.retry(id), after: delay)
    }

    /// Retry k waits `base × 2^(k-1)` plus a uniform jitter of up to as much
    /// again, so clients that failed together don't retry together.
    public static func backoff(attempt: Int, base: Int64, random: (Int) -> Int) -> Int64 {
        guard base > 0 else { return 0 }
        let d = SaturatingTime.multiply(base, 1 << Int64(Swift.min(20, Swift.max(0, attempt - 1))))
        return SaturatingTime.add(d, Int64(random(Int(Swift.min(d, Int64(Int32.max))) + 1)))
    }

    mutating func failed(_ b: Int, _ context: inout NodeContext<BalancerNode>) {
        if breakers[b].state == .halfOpen { breakers[b].trialInFlight = false }
        if breakers[b].failure(threshold: config.breakerFailures) {
            context.log("n\(b + 2) failed \(config.breakerFailures) times in a row: breaker open for \(DurationText.format(config.breakerCooldown))")
            context.stateChanged("n\(b + 2) breaker open")
            context.setTimer(.breaker(b), after: config.breakerCooldown)
        }
        refresh(b, &context)
    }

    mutating func succeeded(_ b: Int, _ context: inout NodeContext<BalancerNode>) {
        guard config.breakerFailures > 0 else { return }
        if breakers[b].success() {
            context.log("n\(b + 2) trial request succeeded: breaker closed")
            context.stateChanged("n\(b + 2) breaker closed")
            refresh(b, &context)
        }
    }

    /// An open breaker's cooldown ended: half-open, one trial request may go.
    mutating func cooled(_ b: Int, _ context: inout NodeContext<BalancerNode>) {
        guard breakers[b].state == .open else { return }
        breakers[b].cooled()
        context.log("n\(b + 2) breaker half-open: one trial request")
        context.stateChanged("n\(b + 2) breaker half-open")
        refresh(b, &context)
    }
}
