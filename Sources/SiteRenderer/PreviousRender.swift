import Foundation
import WorkflowModel

/// What the last render said, read from the `stats.json` it left in the output folder: which workflows were
/// failing and late, and which error signatures it had seen. A failure or a signature absent from it is *new*;
/// present, it is *recurring*. No file (a first render) or an unreadable one: nothing is marked either way.
struct PreviousRender: Sendable {
    var failing: Set<Int64> = []
    var late: Set<Int64> = []
    var signatures: Set<String> = []
    /// The as-of time the last render was made for, as it wrote it; nil when it wrote none.
    var asOf: String?

    init?(stats data: Data?) {
        guard let data, let text = String(data: data, encoding: .utf8), let root = try? JSONParser.parse(text),
              let workflows = root["workflows"]?.arrayValue else { return nil }
        asOf = root["as_of"]?.stringValue
        for workflow in workflows {
            guard case .integer(let id)? = workflow["id"] else { continue }
            if case .integer(let streak)? = workflow["failure_streak"], streak > 0 { failing.insert(id) }
            if let state = workflow["punctuality"]?["state"]?.stringValue, state != "on_time" { late.insert(id) }
        }
        for signature in root["signatures"]?.arrayValue ?? [] {
            if let text = signature["signature"]?.stringValue { signatures.insert(text) }
        }
    }
}
