/// Where a value stands inside a JSON document: object keys and array positions from the top.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public var steps: [Step]

    public init(_ steps: [Step] = []) { self.steps = steps }

    public static let root = JSONPath()

    public func appending(_ key: String) -> JSONPath { JSONPath(steps + [.key(key)]) }
    public func appending(_ index: Int) -> JSONPath { JSONPath(steps + [.index(index)]) }

    public var parent: JSONPath? { steps.isEmpty ? nil : JSONPath(Array(steps.dropLast())) }

    public var description: String {
        steps.map { step in
            switch step {
            case .key(let key): return "." + key
            case .index(let index): return "[\(index)]"
            }
        }.joined()
    }
}

/// Something a definition does not do as the workflow format asks, at a path inside it.
public struct DefinitionProblem: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The app cannot run this definition as written.
        case error
        /// A draft: no trigger or no actions yet. Allowed; import warns (an error with `--strict`).
        case draft
    }

    public var path: JSONPath
    public var message: String
    public var kind: Kind

    public init(_ kind: Kind, at path: JSONPath, _ message: String) {
        self.kind = kind
        self.path = path
        self.message = message
    }
}

/// The rules of the workflow format (`workflow-format.md`) for a definition: one trigger of a known type with what that
/// type needs, conditions as `field`/`op`/`value` or an `if` expression, actions naming an integration and a tool with
/// unique ids. Import checks files with them; export writes a definition that breaks one as it is stored
/// (`stored_definition:`), so import always accepts what export writes.
public enum DefinitionRules {
    public static let cronAliases = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]

    public static func problems(in definition: JSONValue) -> [DefinitionProblem] {
        var problems: [DefinitionProblem] = []
        guard definition.isObject else { return [.init(.error, at: .root, "the definition must be a mapping")] }
        let triggerTypes = WorkflowDefinition.triggerTypes.joined(separator: ", ")
        let root = JSONPath.root

        if let trigger = definition["trigger"] {
            let path = root.appending("trigger")
            if !trigger.isObject {
                problems.append(.init(.error, at: path, "'trigger' must be a mapping with a 'type' (one of \(triggerTypes))"))
            } else {
                switch trigger["type"] {
                case .string(let type)? where !WorkflowDefinition.triggerTypes.contains(type):
                    problems.append(.init(.error, at: path.appending("type"), "unknown trigger type '\(type)'; expected one of \(triggerTypes)"))
                case .string("schedule")?:
                    problems += scheduleProblems(trigger, at: path)
                case .string("event")?:
                    if trigger["integration"]?.stringValue == nil { problems.append(.init(.error, at: path, "an event trigger needs 'integration' (the server name)")) }
                    if trigger["event"]?.stringValue == nil { problems.append(.init(.error, at: path, "an event trigger needs 'event'")) }
                case .string?:
                    break
                default:
                    problems.append(.init(.error, at: path, "'trigger' needs a 'type' (one of \(triggerTypes))"))
                }
            }
        } else {
            problems.append(.init(.draft, at: root, "draft: no 'trigger' yet, so the app will not run it"))
        }

        if let conditions = definition["conditions"] {
            problems += conditionProblems(conditions, at: root.appending("conditions"))
        }

        if let actions = definition["actions"] {
            problems += actionProblems(actions, at: root.appending("actions"))
        } else {
            problems.append(.init(.draft, at: root, "draft: no 'actions' yet, so the workflow does nothing"))
        }
        return problems
    }

    /// The cron expression and the time zone, read by the same parser the pages use (`CronSchedule`), so a schedule
    /// import accepts is one the dashboard can follow: `0 25 * * *` and `Europe/Berln` are errors here, not a
    /// "cannot be read" on a page later.
    static func scheduleProblems(_ trigger: JSONValue, at path: JSONPath) -> [DefinitionProblem] {
        var problems: [DefinitionProblem] = []
        switch trigger["cron"] {
        case .string(let cron)?:
            do {
                _ = try CronSchedule(cron)
            } catch {
                let trimmed = cron.trimmedWhitespace
                let hint = trimmed.hasPrefix("@")
                    ? KeySuggestion.closest(to: trimmed, among: cronAliases).map { "; did you mean '\($0)'?" } ?? " (aliases: \(cronAliases.joined(separator: ", ")))"
                    : ""
                problems.append(.init(.error, at: path.appending("cron"), "cron '\(cron)': \(error.message)\(hint)"))
            }
        case nil:
            problems.append(.init(.error, at: path, "a schedule trigger needs 'cron'"))
        case let other?:
            problems.append(.init(.error, at: path.appending("cron"), "'cron' must be text such as \"0 9 * * 1-5\" (found \(other.kindName))"))
        }
        switch trigger["timezone"] {
        case .string(let zone)?:
            if (try? CronSchedule("@daily", timeZone: zone)) == nil {
                let suggestion = KeySuggestion.closest(to: zone, among: CronSchedule.knownTimeZones).map { "; did you mean '\($0)'?" } ?? " (an IANA name such as Europe/Berlin, or UTC)"
                problems.append(.init(.error, at: path.appending("timezone"), "unknown time zone '\(zone)'\(suggestion)"))
            }
        case nil, .null?:
            break
        case let other?:
            problems.append(.init(.error, at: path.appending("timezone"), "'timezone' must be an IANA time zone name such as Europe/Berlin (found \(other.kindName))"))
        }
        return problems
    }

    static func conditionProblems(_ conditions: JSONValue, at path: JSONPath) -> [DefinitionProblem] {
        guard let items = conditions.arrayValue else { return [.init(.error, at: path, "'conditions' must be a list")] }
        var problems: [DefinitionProblem] = []
        let operators = WorkflowDefinition.conditionOperators.joined(separator: ", ")
        for (index, condition) in items.enumerated() {
            let at = path.appending(index)
            guard condition.isObject else {
                problems.append(.init(.error, at: at, "each condition must be a mapping with 'field' and 'op', or an expression under 'if'"))
                continue
            }
            if condition["field"] == nil, condition["op"] == nil, let expression = condition["if"] {
                if expression.stringValue?.trimmedWhitespace.isEmpty != false {
                    problems.append(.init(.error, at: at.appending("if"), "'if' must be an expression (text)"))
                }
                continue
            }
            if condition["field"]?.stringValue == nil { problems.append(.init(.error, at: at, "a condition needs 'field'")) }
            switch condition["op"] {
            case .string(let op)? where !WorkflowDefinition.conditionOperators.contains(op):
                problems.append(.init(.error, at: at.appending("op"), "unknown condition op '\(op)'; expected one of \(operators)"))
            case .string?:
                break
            default:
                problems.append(.init(.error, at: at, "a condition needs 'op' (one of \(operators))"))
            }
            if condition["value"] == nil, condition["op"]?.stringValue != "exists" {
                problems.append(.init(.error, at: at, "a condition needs 'value'"))
            }
        }
        return problems
    }

    static func actionProblems(_ actions: JSONValue, at path: JSONPath) -> [DefinitionProblem] {
        guard let items = actions.arrayValue else { return [.init(.error, at: path, "'actions' must be a list")] }
        var problems: [DefinitionProblem] = []
        if items.isEmpty { problems.append(.init(.draft, at: path, "draft: 'actions' is empty, so the workflow does nothing")) }
        var ids = Set<String>()
        for (index, action) in items.enumerated() {
            let at = path.appending(index)
            guard action.isObject else {
                problems.append(.init(.error, at: at, "each action must be a mapping with 'integration' and 'tool'"))
                continue
            }
            if action["integration"]?.stringValue.map({ !$0.isEmpty }) != true {
                problems.append(.init(.error, at: action["integration"] == nil ? at : at.appending("integration"), "an action needs 'integration' (the MCP server name)"))
            }
            if action["tool"]?.stringValue.map({ !$0.isEmpty }) != true {
                problems.append(.init(.error, at: action["tool"] == nil ? at : at.appending("tool"), "an action needs 'tool' (the MCP tool to call)"))
            }
            if case .string(let id)? = action["id"], !ids.insert(id).inserted {
                problems.append(.init(.error, at: at.appending("id"), "duplicate action id '\(id)'"))
            }
        }
        return problems
    }
}
