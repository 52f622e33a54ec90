/// A structured definition read tolerantly, as the workflow format asks: the canonical keys, their known
/// aliases (`server`/`mcp_server`, `args`/`params`/`input`, `steps`, `name` for `tool`), a bare-string trigger,
/// or something that is not an object at all. What cannot be understood stays in `raw`.
public struct WorkflowDefinition: Sendable, Hashable {
    public var raw: JSONValue
    public var trigger: Trigger?
    public var conditions: [Condition]
    public var actions: [Action]

    public static let triggerTypes = ["schedule", "webhook", "event", "manual"]
    public static let conditionOperators = ["equals", "not_equals", "contains", "not_contains", "matches", "exists", "gt", "lt"]

    public struct Trigger: Sendable, Hashable {
        /// `schedule`, `webhook`, `event`, `manual`, or whatever the row says.
        public var type: String
        /// The other keys (`cron`, `timezone`, `integration`, `event`, `path`, …) in stored order.
        public var details: [JSONValue.Member]

        public var integration: String? { details.first(where: { $0.key == "integration" })?.value.stringValue }
    }

    public struct Condition: Sendable, Hashable {
        public var field: String
        public var op: String
        public var value: JSONValue?
        /// An expression condition (`if: len(fetch.items) > 0`), as the app's converter writes it; `field` and `op`
        /// are empty then.
        public var expression: String?

        public init(field: String, op: String, value: JSONValue?, expression: String? = nil) {
            self.field = field
            self.op = op
            self.value = value
            self.expression = expression
        }
    }

    public struct Action: Sendable, Hashable {
        public var id: String?
        public var integration: String?
        public var tool: String?
        public var arguments: JSONValue?
    }

    public init(_ raw: JSONValue) {
        self.raw = raw
        trigger = Self.readTrigger(raw["trigger"])
        conditions = (raw["conditions"]?.arrayValue ?? []).map(Self.readCondition)
        actions = ((raw["actions"] ?? raw["steps"])?.arrayValue ?? []).map(Self.readAction)
    }

    /// A workflow without a trigger or without actions: the app will not run it yet.
    public var isDraft: Bool { trigger == nil || actions.isEmpty }

    /// Every MCP server the definition names: the trigger's and each action's, in order, without repeats.
    public var referencedServers: [String] {
        var seen = Set<String>()
        return ([trigger?.integration] + actions.map(\.integration)).compactMap { $0 }.filter { seen.insert($0).inserted }
    }

    private static func readTrigger(_ value: JSONValue?) -> Trigger? {
        switch value {
        case .string(let type)?:
            return Trigger(type: type, details: [])
        case .object(let members)?:
            let type = members.first(where: { $0.key == "type" })?.value.displayText ?? "unknown"
            return Trigger(type: type, details: members.filter { $0.key != "type" })
        default:
            return nil
        }
    }

    private static func readCondition(_ value: JSONValue) -> Condition {
        if value["field"] == nil, let expression = value["if"] {
            return Condition(field: "", op: "", value: nil, expression: expression.displayText)
        }
        return Condition(
            field: value["field"]?.displayText ?? (value.isObject ? "" : value.displayText),
            op: value["op"]?.displayText ?? "",
            value: value["value"]
        )
    }

    private static func readAction(_ value: JSONValue) -> Action {
        guard value.isObject else { return Action(id: nil, integration: nil, tool: value.displayText, arguments: nil) }
        return Action(
            id: value["id"]?.displayText,
            integration: (value["integration"] ?? value["server"] ?? value["mcp_server"])?.displayText,
            tool: (value["tool"] ?? value["name"])?.displayText,
            arguments: value["arguments"] ?? value["args"] ?? value["params"] ?? value["input"]
        )
    }
}
