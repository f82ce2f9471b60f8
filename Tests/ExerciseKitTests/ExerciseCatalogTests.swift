import ExerciseKit
import Foundation
import Testing
import TestSupport

/// Every catalog entry has its starter folder, its files, its runner and its
/// line in the exercises package, and a reference solution folder.
@Suite struct ExerciseCatalogTests {
    static let root = BuiltBinary.packageRoot

    @Test func idsAreUniqueAndEveryExerciseHasItsFiles() throws {
        let ids = ExerciseCatalog.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Labs/Exercises/Package.swift"), encoding: .utf8)
        for e in ExerciseCatalog.all {
            let folder = Self.root.appendingPathComponent("Labs/Exercises/\(e.folder)")
            for f in e.files {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(f).path), "\(e.id): no \(e.folder)/\(f)")
            }
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("Labs/Exercises/Runners/\(e.id)/main.swift").path),
                    "\(e.id): no runner")
            #expect(manifest.contains("\"\(e.id)\""), "\(e.id) is not in Labs/Exercises/Package.swift")
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("Instructors/exercises/\(e.folder)").path),
                    "\(e.id): no reference solution folder")
            #expect(!e.hints.isEmpty && !e.readFirst.isEmpty, "\(e.id): hints and reading")
            #expect(e.maxPoints == 100, "\(e.id) is worth \(e.maxPoints) points: every exercise is worth 100, so a course weighs them as it likes")
        }
    }
}
