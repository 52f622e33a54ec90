/// Turns a view model into the dictionaries swift-mustache looks keys up in directly. swift-mustache falls back to
/// `Mirror` for other values, and rebuilt the reflection for every `{{key}}`, which was two thirds of a large
/// render; converting once here reflects each value once. `nil` optionals are left out, so a lookup falls back to
/// the enclosing context exactly as it does for a missing key.
enum TemplateContext {
    static func make(_ value: Any) -> Any {
        if let convertible = value as? TemplateConvertible { return convertible.templateContext }
        switch value {
        case is String, is Int, is Int64, is Bool, is Double:
            return value
        case let array as [Any]:
            return array.map(make)
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .struct?, .class?:
                var dictionary: [String: Any] = [:]
                dictionary.reserveCapacity(mirror.children.count)
                for child in mirror.children {
                    guard let label = child.label, let unwrapped = unwrapOptional(child.value) else { continue }
                    dictionary[label] = make(unwrapped)
                }
                return dictionary
            case .optional?:
                return unwrapOptional(value).map(make) ?? false  // a nil renders as an empty section
            case .collection?:
                return mirror.children.map { make($0.value) }
            default:
                return value
            }
        }
    }

    static func unwrapOptional(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// View models repeated thousands of times per page set convert by hand, with no reflection at all.
protocol TemplateConvertible {
    var templateContext: [String: Any] { get }
}

extension WorkflowLink: TemplateConvertible {
    var templateContext: [String: Any] { ["id": id, "name": name, "file": file, "exists": exists] }
}

extension RunRow: TemplateConvertible {
    var templateContext: [String: Any] {
        var context: [String: Any] = ["id": id, "at": at, "status": status, "statusClass": statusClass]
        if let error { context["error"] = error }
        if let workflow { context["workflow"] = workflow.templateContext }
        return context
    }
}

extension WorkflowsPage.Row: TemplateConvertible {
    var templateContext: [String: Any] {
        var context: [String: Any] = [
            "link": link.templateContext, "owner": owner, "trigger": trigger, "actionCount": actionCount, "runs": runs,
            "runsValue": runsValue, "successRate30d": successRate30d, "successRate30dValue": successRate30dValue,
            "successRateAll": successRateAll, "successRateAllValue": successRateAllValue, "lastRunAt": lastRunAt,
            "lastRunSortKey": lastRunSortKey, "lastRunStatusClass": lastRunStatusClass, "sparkline": sparkline, "draft": draft,
            "strip": strip, "outcome": outcome, "integrationsJSON": integrationsJSON,
        ]
        if let lastRunStatus { context["lastRunStatus"] = lastRunStatus }
        return context
    }
}
