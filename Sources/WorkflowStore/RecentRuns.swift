import WorkflowModel

/// The finished runs after a saved fold's boundary, as the fold reads them (id, workflow, time, status, message),
/// so the next render replays them instead of reading them again: it reads only the runs after the last one seen
/// and those that were still running. Ids, times and workflows as differences from the run before (a few bytes
/// a run); statuses and messages as positions in tables of their own. A run whose cells needed the tolerant decoder
/// (a finding) is not kept: it is read again, so its findings are recorded again.
struct RecentRunWriter {
    private(set) var out = StateWriter()
    private(set) var count = 0
    private(set) var statuses: [String] = []
    private(set) var messages: [String] = []
    private var statusPositions: [String: Int] = [:]
    private var messagePositions: [String: Int] = [:]
    private var last = RecentRun(id: 0, workflowID: 0, time: 0, status: "", error: nil)

    mutating func append(_ run: RecentRun) {
        out.int(run.id &- last.id)
        out.int(run.workflowID &- last.workflowID)
        out.int(run.time &- last.time)
        out.unsigned(UInt64(position(of: run.status, in: &statuses, &statusPositions)))
        out.unsigned(run.error.map { UInt64(position(of: $0, in: &messages, &messagePositions)) + 1 } ?? 0)
        last = run
        count += 1
    }

    private func position(of text: String, in list: inout [String], _ positions: inout [String: Int]) -> Int {
        if let position = positions[text] { return position }
        positions[text] = list.count
        list.append(text)
        return list.count - 1
    }
}

/// One run as `RecentRunWriter` keeps it: a readable time, a workflow id (`unknownWorkflow` when it had none).
struct RecentRun {
    var id: Int64
    var workflowID: Int64
    var time: Int64
    var status: String
    var error: String?
}

/// Reads back what `RecentRunWriter` wrote, one run at a time, with statuses as the reader's positions.
struct RecentRunReplay {
    private var input: StateReader
    private var left: Int
    private let statusPositions: [Int32]
    private let messages: [String]
    private var last = (id: Int64(0), workflowID: Int64(0), time: Int64(0))
    /// The next run, not yet taken.
    private(set) var next: (id: Int64, workflowID: Int64, time: Int64, status: Int32, error: String?)?

    init(_ bytes: [UInt8], count: Int, statusPositions: [Int32], messages: [String]) throws(StateReader.Malformed) {
        input = StateReader(bytes)
        left = count
        self.statusPositions = statusPositions
        self.messages = messages
        try advance()
    }

    mutating func advance() throws(StateReader.Malformed) {
        guard left > 0 else {
            next = nil
            return
        }
        left -= 1
        last.id = last.id &+ (try input.int64())
        last.workflowID = last.workflowID &+ (try input.int64())
        last.time = last.time &+ (try input.int64())
        let status = Int(try input.unsigned()), message = Int(try input.unsigned())
        guard status < statusPositions.count, message <= messages.count else { throw StateReader.Malformed(offset: input.offset) }
        next = (last.id, last.workflowID, last.time, statusPositions[status], message == 0 ? nil : messages[message - 1])
    }
}
