import Escaping
import WorkflowModel

/// A Mermaid flowchart of a structured definition: trigger -> each condition -> each action in order, each action
/// labelled with its tool and integration. Node ids are generated (`trigger`, `c1`, `a1`), never user text, so
/// words like `end` cannot break the grammar; every label is quoted and escaped.
public struct WorkflowFlowchart: Sendable {
    public let definition: WorkflowDefinition

    public init(definition: WorkflowDefinition) { self.definition = definition }

    public var source: String {
        var lines = ["flowchart TD"]
        var previous = "trigger"
        lines.append("    trigger([\"\(triggerLabel)\"])")
        for (index, condition) in definition.conditions.enumerated() {
            let id = "c\(index + 1)"
            var text = condition.expression ?? "\(condition.field) \(condition.op)"
            if condition.expression == nil, let value = condition.value { text += " \(value.displayText)" }
            lines.append("    \(id){\"\(MermaidText.label(text, limit: 60))\"}")
            lines.append("    \(previous) --> \(id)")
            previous = id
        }
        for (index, action) in definition.actions.enumerated() {
            let id = "a\(index + 1)"
            let tool = MermaidText.label(action.tool ?? "(no tool)", limit: 50)
            let server = MermaidText.label(action.integration ?? "(no integration)", limit: 60)
            let step = action.id.map { MermaidText.label($0, limit: 30) + ": " } ?? ""
            lines.append("    \(id)[\"\(step)\(tool)<br/>\(server)\"]")
            lines.append("    \(previous) -->\(definition.conditions.isEmpty || index > 0 ? "" : "|all hold|") \(id)")
            previous = id
        }
        if definition.actions.isEmpty {
            lines.append("    none[\"no actions\"]")
            lines.append("    \(previous) -.-> none")
        }
        lines.append("    classDef trigger fill:#e0ecff,stroke:#4a72c4,color:#1d2433")
        lines.append("    classDef condition fill:#fff4d6,stroke:#c49a2a,color:#1d2433")
        lines.append("    class trigger trigger")
        if !definition.conditions.isEmpty {
            lines.append("    class \((1...definition.conditions.count).map { "c\($0)" }.joined(separator: ",")) condition")
        }
        return lines.joined(separator: "\n")
    }

    private var triggerLabel: String {
        guard let trigger = definition.trigger else { return "no trigger" }
        var parts = [MermaidText.label(trigger.type, limit: 30)]
        for member in trigger.details.prefix(3) {
            parts.append(MermaidText.label("\(member.key): \(member.value.displayText)", limit: 60))
        }
        return parts.joined(separator: "<br/>")
    }
}
