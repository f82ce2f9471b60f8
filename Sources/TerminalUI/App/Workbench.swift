import ClusterProtocols
import ClusterSim
import Foundation
import LabKit

/// Does what the reducer asks for in `state.effects`: opens labs, sandboxes
/// and notes, restarts a scenario with another seed, writes sessions and lab
/// progress. The one part of the interface that touches files; every
/// failure becomes a message on screen, never a crash.
public final class Workbench {
    /// The run on screen (and its lab), nil on a home screen with nothing open.
    public private(set) var stage: Stage?
    public let progressStore: ProgressStore
    public let labsRoot: URL
    public let coursewareRoot: URL

    public init(stage: Stage? = nil, progressStore: ProgressStore = .forCurrentUser(),
                labsRoot: URL = LabLibrary.defaultRoot(), coursewareRoot: URL? = nil) {
        self.stage = stage
        self.progressStore = progressStore
        self.labsRoot = labsRoot
        self.coursewareRoot = coursewareRoot ?? Workbench.defaultCoursewareRoot(labsRoot: labsRoot)
    }

    /// `Courseware/` beside the labs folder.
    public static func defaultCoursewareRoot(labsRoot: URL) -> URL {
        labsRoot.deletingLastPathComponent().appendingPathComponent("Courseware")
    }

    /// Does every pending effect, in order.
    public func drain(_ state: inout AppState) {
        while !state.effects.isEmpty {
            let effect = state.effects.removeFirst()
            perform(effect, &state)
        }
    }

    public func perform(_ effect: AppEffect, _ state: inout AppState) {
        switch effect {
        case .open(.sandbox(let name)):
            let servers = ProtocolCatalog.definition(named: name)?.defaultServers ?? 3
            if openScenario(.sandbox(name, servers: servers, seed: 1), seed: nil, &state) { state.returnsHome = true }
        case .open(.lab(let path)):
            if openLab(path: path, instructor: false, &state) == nil { state.returnsHome = true }
        case .open(.notes(let path)):
            guard let text = try? InputFile.text(path).text else {
                state.message = StatusMessage("cannot read \(path) (missing, not UTF-8 or over \(InputFile.documentLimit >> 20) MiB)", isError: true)
                return
            }
            state.home.reader = NotesReader(title: Workbench.notesTitle(text, path: path), markdown: text)
        case .open(.placement):
            openPlacement(&state)
        case .saveSession(let path):
            saveSession(to: path, &state)
        case .restart(let seed):
            guard let source = state.scenario else { return }
            if openScenario(source, seed: seed, &state) { state.message = StatusMessage("seed \(seed): the same scenario afresh") }
        case .saveProgress:
            saveProgress(&state)
        case .goHome:
            closeLab()
            stage = nil
            let selected = state.home.selected
            let size = state.terminalSize
            state = AppState(glyphs: state.glyphs)
            state.terminalSize = size
            openHome(&state)
            state.home.selected = min(selected, max(0, state.home.items.count - 1))
        }
    }

    // MARK: Home

    /// Fills the home screen: labs by topic with progress, a sandbox per
    /// protocol, the Courseware notes. Says so if the progress file was corrupt.
    public func openHome(_ state: inout AppState) {
        state.screen = .home
        let loaded = progressStore.load()
        if case .recovered(_, let kept, _) = loaded {
            state.message = StatusMessage("your progress file could not be read; it was kept at \(kept.path) and progress starts afresh", isError: true)
        }
        if case .unusable(let problem) = loaded { state.message = StatusMessage("\(problem)", isError: true) }
        state.home = HomeState(items: homeItems(loaded.progress))
    }

    public func homeItems(_ progress: LabKit.StudentProgress) -> [HomeItem] {
        var items: [HomeItem] = []
        let labs = TeachingOrder.sorted(LabLibrary(root: labsRoot).entries)
        if let resume = Workbench.continueItem(progress, labs) { items.append(resume) }
        for e in labs {
            items.append(HomeItem(target: .lab(path: e.path), section: "Labs · \(e.topic)", title: e.title,
                                  detail: Workbench.labStatus(progress.labs[e.id], e)))
        }
        for p in ProtocolCatalog.all {
            items.append(HomeItem(target: .sandbox(protocolName: p.name), section: "Sandboxes", title: p.name, detail: p.summary))
        }
        items.append(placementHomeItem)
        for path in notesFiles() {
            let text = (try? InputFile.text(path).text) ?? ""
            items.append(HomeItem(target: .notes(path: path), section: HomeState.notesSection,
                                  title: Workbench.notesTitle(text, path: path),
                                  detail: String(path.dropFirst(coursewareRoot.path.count + 1))))
        }
        return items
    }

    /// `25 min · not started`, `question 3 of 8 · score 1/8`, `done · score 8/8`.
    static func labStatus(_ record: LabKit.StudentProgress.LabRecord?, _ lab: LabLibrary.Entry) -> String {
        guard let r = record else { return "\(lab.minutes) min · not started" }
        let score = "score \(r.score)/\(r.maxScore)"
        if r.completed { return "done · " + score }
        let q = lab.question(at: r.position)
        return "question \(q.number) of \(q.of) · " + score
    }

    /// The lab last worked on and not finished, as the first thing on the home screen.
    static func continueItem(_ progress: LabKit.StudentProgress, _ labs: [LabLibrary.Entry]) -> HomeItem? {
        let started = labs.compactMap { e in progress.labs[e.id].map { (e, $0) } }
            .filter { !$0.1.completed && ($0.1.position > 0 || !$0.1.responses.isEmpty) }
        guard let (lab, record) = started.max(by: { $0.1.updated < $1.1.updated }) else { return nil }
        return HomeItem(target: .lab(path: lab.path), section: HomeState.continueSection, title: "Continue: \(lab.title)",
                        detail: labStatus(record, lab))
    }

    func notesFiles() -> [String] {
        let files = FileManager.default.enumerator(at: coursewareRoot, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "md" } ?? []
        return files.map(\.path).sorted()
    }

    /// A page's first `# ` heading, else its file name.
    static func notesTitle(_ text: String, path: String) -> String {
        for line in text.split(separator: "\n", maxSplits: 40) where line.hasPrefix("# ") {
            return String(line.dropFirst(2)).trimmingCharacters(in: " ")
        }
        return URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    // MARK: Runs

    /// Puts a fresh run of a scenario on screen; false (with a message) if it can't be built.
    @discardableResult
    public func openScenario(_ source: ScenarioSource, seed: UInt64?, _ state: inout AppState) -> Bool {
        let run: ClusterRun
        do {
            run = try ProtocolCatalog.makeRun(ProtocolCatalog.scenario(SourceText(name: source.name, text: source.text)), seed: seed)
        } catch {
            state.message = StatusMessage("\(error)", isError: true)
            return false
        }
        show(Stage(run: run), &state)
        state.scenario = source
        return true
    }

    /// Puts a run that was built elsewhere on screen (`demo`, `replay`).
    public func show(_ stage: Stage, _ state: inout AppState) {
        if self.stage?.lab !== stage.lab { closeLab() }
        self.stage = stage
        var fresh = AppState(glyphs: state.glyphs)
        fresh.speed = state.speed
        fresh.presenting = state.presenting
        fresh.showsTimeline = state.showsTimeline
        fresh.showsClocks = state.showsClocks
        fresh.home = state.home
        fresh.terminalSize = state.terminalSize
        fresh.returnsHome = state.returnsHome
        fresh.displayedTime = stage.run.now.microseconds
        if fresh.showsTimeline { fresh.focus = .timeline }
        state = fresh
    }

    func saveSession(to path: String, _ state: inout AppState) {
        guard let run = stage?.run, let source = state.scenario else { return }
        let session = Session(scenarioName: source.name, scenarioText: source.text, run: run, speed: state.speed)
        do {
            try session.encoded().write(to: URL(fileURLWithPath: (path as NSString).expandingTildeInPath))
            state.message = StatusMessage("saved \(path) (\(session.actions.count) actions): clusterlab replay \(path)")
        } catch {
            state.message = StatusMessage("cannot save \(path): \((error as NSError).localizedDescription)", isError: true)
        }
    }

    // MARK: Labs

    /// Opens a lab beside its live cluster, resuming the student's progress.
    /// Returns a problem in words if the lab can't be opened.
    @discardableResult
    public func openLab(path: String, instructor: Bool, real: String? = nil, _ state: inout AppState) -> String? {
        let text: String
        do { text = try InputFile.text(path).text } catch {
            state.message = StatusMessage("cannot read the lab \(path)", isError: true)
            return "\(error)"
        }
        let lab: Lab
        let runner: LabRunner
        let loaded = progressStore.load()
        var notes: [String] = []
        var recovered = false
        if case .recovered(_, let kept, _) = loaded {
            notes.append("your progress file could not be read; it was kept at \(kept.path) and progress starts afresh")
            recovered = true
        }
        if case .unusable(let problem) = loaded { notes.append("\(problem); nothing will be saved"); recovered = true }
        do {
            let written = try LabLoader.load(SourceText(name: path, text: text))
            lab = try real.map { try written.onRealCluster($0) } ?? written
            if !instructor, real == nil, let record = loaded.progress.labs[lab.id] {
                runner = try LabRunner.resume(lab, from: record)
                runner.choiceSeed = runner.choiceSeed ?? loaded.progress.id  // a record from an older version or an answers file
                if runner.position > 0 { notes.append("welcome back: resumed where you left off") }
            } else {
                runner = try LabRunner(lab: lab)
                if !instructor { runner.choiceSeed = loaded.progress.id }  // this student's order of choices
            }
        } catch {
            state.message = StatusMessage("\(error)", isError: true)
            return "\(error)"
        }
        let events = LabFlow.opening(runner)
        show(Stage(run: runner.run, lab: runner), &state)
        state.screen = .cluster
        var guide = GuideState(labID: lab.id, instructor: instructor)
        guide.transcript = LabFlow.inWords(events, lab)
        guide.nextLab = NextLab.after(lab.id, in: LabLibrary(root: labsRoot))
        state.guide = guide
        state.focus = .guide
        state.showsClocks = lab.topic == "clocks"
        state.displayedTime = runner.run.now.microseconds
        if !notes.isEmpty { state.message = StatusMessage(notes.joined(separator: " · "), isError: recovered) }
        return nil
    }

    /// Ends the open lab's runs of real processes (nodes stopped, a real
    /// cluster torn down); a simulated lab needs nothing. Safe to call again.
    public func closeLab() { stage?.lab?.end() }

    /// Writes the lab's progress atomically; a failure is a message.
    func saveProgress(_ state: inout AppState) {
        guard let runner = stage?.lab, state.guide?.instructor == false else { return }
        var record = runner.record
        record.updated = Date().timeIntervalSince1970
        do { try progressStore.update { $0.labs[runner.lab.id] = record } }
        catch let problem as ProgressStore.Problem { state.message = StatusMessage("could not save your progress: \(problem)", isError: true) }
        catch { state.message = StatusMessage("could not save your progress: \((error as NSError).localizedDescription)", isError: true) }
    }
}
