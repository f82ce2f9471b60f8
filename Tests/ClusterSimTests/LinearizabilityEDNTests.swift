import Testing
import ClusterSim

// Jepsen's and Knossos's EDN histories, Knossos's register semantics, an
// initial value, and a cas that failed because it found another value.

private func edn(_ text: String, _ semantics: RegisterSemantics = .knossos) throws -> LinearizabilityResult {
    try LinearizabilityChecker.check(HistoryFile.read(text, format: .edn).map(\.operation),
                                     budget: LinearizabilityChecker.defaultBudget, semantics: semantics)
}

@Test func ednOpsReadWithTheirPlaceAndNemesisSkipped() throws {
    let text = """
        {:type :invoke, :f :write, :value 3, :process 0, :time 10}
        {:process :nemesis, :type :info, :f :start, :value nil}
          {:process 0 :type :ok :f :write :value 3} ; a comment
        {:process 1, :type :invoke, :f :cas, :value [3 4], :index 7N}
        {:process 1, :type :fail, :f :cas, :value [3 4], :error [:precondition-failed "had 5"]}
        """
    let ops = try HistoryFile.read(text, format: .edn)
    #expect(ops.map(\.line) == [1, 3, 4, 5])
    #expect(ops[1].column == 3)
    #expect(ops[0].operation == HistoryOperation(process: 0, type: .invoke, f: "write", key: "", value: .int(3)))
    #expect(ops[2].operation.value == .list([.int(3), .int(4)]))
    #expect(ops[3].operation.error == .list([.string("precondition-failed"), .string("had 5")]))
}

@Test func ednHistoryWrappedInOneVectorReadsItemByItem() throws {
    let text = "[{:process 0, :type :invoke, :f :read, :value nil}\n {:process 0, :type :ok, :f :read, :value nil}]\n"
    let ops = try HistoryFile.read(text, format: .edn)
    #expect(ops.map(\.line) == [1, 2])
    #expect(ops.map(\.column) == [2, 2])
}

@Test(arguments: [
    ("{:process 0, :type :invoke, :f :read\n", 1, 1, "'}' missing: the form opened here never closes"),
    ("{:process 0 :type :invoke :f :read :value nil}\n{:process 0, :type :begin, :f :read}", 2, 1,
     ":type must be :invoke, :ok, :fail or :info, not :begin"),
    ("{:process 0, :type :invoke, :f}", 1, 1, "a map needs a value for every key"),
    ("{:type :invoke, :f :read}", 1, 1, "missing :process"),
    ("  [1 2 3]\n  \"text\"", 1, 4, "expected an op like {:process 0, :type :invoke, :f :read, :value nil}"),
    ("{:process 0, :type :ok, :f :read, :value 1x2}", 1, 42, "\"1x2\" is not a number"),
])
func badEDNIsAnErrorAtItsLineAndColumn(text: String, line: Int, column: Int, message: String) {
    let error = HistoryText.error { _ = try HistoryFile.read(text, format: .edn) }
    #expect(error?.line == line)
    #expect(error?.column == column)
    #expect(error?.message == message)
}

@Test func aNilReadObservesNothingUnderKnossosButAnAbsentKeyUnderMaelstrom() throws {
    let text = """
        {:process 0, :type :invoke, :f :write, :value 1}
        {:process 0, :type :ok, :f :write, :value 1}
        {:process 1, :type :invoke, :f :read, :value nil}
        {:process 1, :type :ok, :f :read, :value nil}
        """
    #expect(try edn(text) == .linearizable)
    #expect(try edn(text, .maelstrom) != .linearizable, "the same history fails when nil means absent")
}

@Test func anInitialValueIsWhatAReadBeforeAnyWriteMaySee() throws {
    let text = """
        {:process 0, :type :invoke, :f :read, :value nil}
        {:process 0, :type :ok, :f :read, :value 0}
        {:process 0, :type :invoke, :f :cas, :value [0 1]}
        {:process 0, :type :ok, :f :cas, :value [0 1]}
        """
    #expect(try edn(text, RegisterSemantics(initial: .int(0), nullReadObservesNothing: true)) == .linearizable)
    #expect(try edn(text) != .linearizable, "with no initial value, nobody wrote the 0 the read saw")
    #expect(try edn(text, RegisterSemantics(initial: .int(7), nullReadObservesNothing: true)) != .linearizable)
}

/// A cas that failed with precondition-failed ran and found another value.
@Test func aCasThatFoundAnotherValueIsAnObservation() throws {
    func history(failure: String, concurrentWrite: Bool, pendingWrite: Bool) -> String {
        var lines = [
            "{:process 0, :type :invoke, :f :write, :value 1}",
            "{:process 0, :type :ok, :f :write, :value 1}",
        ]
        if pendingWrite { lines.append("{:process 3, :type :invoke, :f :write, :value 5}") }
        lines.append("{:process 1, :type :invoke, :f :cas, :value [1 2]}")
        if concurrentWrite { lines.append("{:process 2, :type :invoke, :f :write, :value 9}") }
        lines.append("{:process 1, :type :fail, :f :cas, :value [1 2]\(failure)}")
        if concurrentWrite { lines.append("{:process 2, :type :ok, :f :write, :value 9}") }
        return lines.joined(separator: "\n")
    }
    // Alone after write 1, a cas from 1 cannot have found another value.
    #expect(try edn(history(failure: ", :error :precondition-failed", concurrentWrite: false, pendingWrite: false)) != .linearizable)
    #expect(try edn(history(failure: ", :error 22", concurrentWrite: false, pendingWrite: false)) != .linearizable)
    // A plain fail did not happen: nothing to explain.
    #expect(try edn(history(failure: "", concurrentWrite: false, pendingWrite: false)) == .linearizable)
    #expect(try edn(history(failure: ", :error :timeout", concurrentWrite: false, pendingWrite: false)) == .linearizable)
    // A write running at the same time, or one whose outcome is unknown, explains it.
    #expect(try edn(history(failure: ", :error :precondition-failed", concurrentWrite: true, pendingWrite: false)) == .linearizable)
    #expect(try edn(history(failure: ", :error :precondition-failed", concurrentWrite: false, pendingWrite: true)) == .linearizable)
}

@Test func jsonLinesAcceptCRLFAndReportColumns() throws {
    let good = #"{"process":0,"type":"invoke","f":"read","key":"x","value":null}"#
    let ops = try HistoryFile.read(good + "\r\n\r\n  " + good + "\r\n", format: .jsonLines)
    #expect(ops.map(\.line) == [1, 3])
    #expect(ops.map(\.column) == [1, 3])
    let error = HistoryText.error {
        _ = try HistoryFile.read(good + "\r\n" + #"{"process":"a","type":"invoke","f":"read","key":"x","value":null}"#, format: .jsonLines)
    }
    #expect(error?.line == 2)
    #expect(error?.column == 2)
    #expect(error?.message == "field \"process\": expected an integer")
}

@Test func aCasMismatchRoundTripsThroughJSONLines() throws {
    let op = HistoryOperation(process: 1, type: .fail, f: "cas", key: "x", value: .list([.int(1), .int(2)]),
                              error: .string("precondition-failed"))
    let line = HistoryFile.jsonLine(op)
    #expect(line.hasSuffix(#","error":"precondition-failed"}"#))
    #expect(try HistoryFile.parse(jsonLines: line) == [op])
}

/// `#_` discards the next form wherever it stands, even last in a list, and a
/// key that is not a name reads as its value.
@Test func discardedFormsLeaveNothingBehind() throws {
    let text = """
        #_{:process 9, :type :invoke, :f :read}
        {:process 0, :type :invoke, :f :cas, :value [1 2 #_3], :key [1 2]}
        """
    let ops = try HistoryFile.read(text, format: .edn)
    #expect(ops.map(\.line) == [2])
    #expect(ops.first?.operation.value == .list([.int(1), .int(2)]))
    #expect(ops.first?.operation.key == "[1, 2]")
}
