import WorkflowModel
import Yams

/// Finds keys that look like misspellings of the format's own keys (`conditons:`, `argments:`, `tz:`) in the
/// front matter, the trigger, each condition and each action. Extra keys are part of the format (kept as they
/// are), so a typo used to vanish into one silently: the condition or arguments it meant were dropped while import
/// said "update (definition)". A key close to a known one is a warning naming both (an error with `--strict`); a key
/// close to none is a deliberate extra key and stays as it is.
struct KeyTypoCheck {
    /// Where a mapping sits: which keys it knows, which it accepts besides (older spellings the canonical form
    /// rewrites), and keys that are a known key under another name.
    struct Scope {
        var noun: String
        var known: [String]
        var accepted: Set<String> = []
        var hints: [String: String] = [:]
    }

    static let frontMatter = Scope(
        noun: "a key",
        known: ["id", "name", "owner", "description", "trigger", "conditions", "actions", WorkflowDocument.storedDefinitionKey, WorkflowDocument.storedDefinitionTextKey],
        accepted: ["steps"]
    )
    static let trigger = Scope(
        noun: "a trigger key", known: ["type", "cron", "timezone", "integration", "event", "path"],
        accepted: ["schedule"], hints: ["tz": "timezone", "zone": "timezone", "time_zone": "timezone"]
    )
    static let condition = Scope(noun: "a condition key", known: ["field", "op", "value", "if"], hints: ["operator": "op", "operation": "op"])
    static let action = Scope(
        noun: "an action key", known: ["id", "integration", "tool", "arguments"],
        accepted: ["server", "mcp_server", "name", "args", "params", "input"]
    )
    /// Keys of the trigger written at the top of the front matter, where they are kept as extra keys and do nothing.
    static let triggerKeysAtTop = ["cron", "timezone", "tz"]

    /// Every suspicious key of the front matter, in file order.
    static func issues(in root: Node.Mapping, path: String) -> [WorkflowFileIssue] {
        var issues: [WorkflowFileIssue] = []
        func note(_ key: Node, _ message: String) {
            let position = FrontMatterReader.position(key)
            issues.append(WorkflowFileIssue(path: path, line: position.line, column: position.column, message: message, severity: .warning))
        }
        func check(_ mapping: Node.Mapping, _ scope: Scope) {
            for (keyNode, _) in mapping {
                guard let key = keyNode.scalar?.string, !scope.known.contains(key), !scope.accepted.contains(key) else { continue }
                if let meant = scope.hints[key.lowercased()] ?? KeySuggestion.closest(to: key, among: scope.known) {
                    note(keyNode, "'\(key)' is not \(scope.noun); did you mean '\(meant)'?")
                }
            }
        }
        check(root, frontMatter)
        for (keyNode, value) in root {
            guard let key = keyNode.scalar?.string else { continue }
            if triggerKeysAtTop.contains(key) {
                let meant = trigger.hints[key] ?? key
                note(keyNode, "'\(key)' belongs under 'trigger:'\(meant == key ? "" : " as '\(meant)'"); here it is kept as an extra key and the schedule ignores it")
            }
            switch (key, value) {
            case ("trigger", .mapping(let mapping)):
                check(mapping, trigger)
            case ("conditions", .sequence(let items)):
                for case .mapping(let mapping) in items { check(mapping, condition) }
            case ("actions", .sequence(let items)), ("steps", .sequence(let items)):
                for case .mapping(let mapping) in items { check(mapping, action) }
            default:
                break
            }
        }
        return issues
    }
}
