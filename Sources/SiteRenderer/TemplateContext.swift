/// A page model as Mustache sees it, made once per page and then used three ways: rendered by the bundled templates
/// (`CompiledTemplates`, no casts), handed to swift-mustache as dictionaries for user overrides
/// (`mustacheContext`), and hashed for the page's fingerprint (`fingerprint`). `nil` optionals are left out, so a
/// lookup falls back to the enclosing context exactly as it does for a missing key.
enum TemplateValue: Sendable {
    /// Strings and numbers, as `String(describing:)` writes them; always a true section.
    case text(String)
    case flag(Bool)
    case list([TemplateValue])
    case object(TemplateObject)

    /// swift-mustache's form: `String`, `Bool`, `[Any]`, `[String: Any]`.
    var mustacheContext: Any {
        switch self {
        case .text(let text): return text
        case .flag(let flag): return flag
        case .list(let items): return items.map(\.mustacheContext)
        case .object(let object): return Dictionary(object.fields.map { ($0.key, $0.value.mustacheContext) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// What a page shows, as one stable hash: the same value renders the same bytes with the same templates.
    func fingerprint(into stream: inout FNV1aStream) {
        switch self {
        case .text(let text):
            stream.write(byte: 1)
            stream.write(text)
            stream.write(byte: 0)
        case .flag(let flag):
            stream.write(byte: flag ? 2 : 3)
        case .list(let items):
            stream.write(byte: 4)
            for item in items { item.fingerprint(into: &stream) }
            stream.write(byte: 5)
        case .object(let object):
            stream.write(byte: 6)
            for field in object.fields {
                stream.write(field.key)
                stream.write(byte: 0)
                field.value.fingerprint(into: &stream)
            }
            stream.write(byte: 7)
        }
    }
}

/// Named fields in order. Objects hold a handful of keys, so a linear scan beats hashing the key on every lookup.
struct TemplateObject: Sendable {
    struct Field: Sendable {
        var key: String
        var value: TemplateValue
    }

    private(set) var fields: [Field] = []

    init(_ pairs: KeyValuePairs<String, TemplateValue> = [:]) {
        fields.reserveCapacity(pairs.count)
        for (key, value) in pairs { fields.append(Field(key: key, value: value)) }
    }

    var keys: [String] { fields.map(\.key) }

    subscript(key: String) -> TemplateValue? {
        get {
            for field in fields where field.key == key { return field.value }
            return nil
        }
        set {
            if let position = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[position].value = newValue } else { fields.remove(at: position) }
            } else if let newValue {
                fields.append(Field(key: key, value: newValue))
            }
        }
    }
}

/// Turns view models into `TemplateValue`s. Hot rows convert by hand (`TemplateConvertible`); anything else is
/// reflected once here, never per `{{key}}`.
enum TemplateContext {
    static func make(_ value: Any) -> TemplateValue {
        if let convertible = value as? TemplateConvertible { return .object(convertible.templateContext) }
        switch value {
        case let text as String: return .text(text)
        case let flag as Bool: return .flag(flag)
        case let number as Int: return .text(String(number))
        case let number as Int64: return .text(String(number))
        case let number as Double: return .text(String(describing: number))
        default:
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .struct?, .class?:
                var object = TemplateObject()
                for child in mirror.children {
                    guard let label = child.label, let unwrapped = unwrapOptional(child.value) else { continue }
                    object[label] = make(unwrapped)
                }
                return .object(object)
            case .optional?:
                return unwrapOptional(value).map(make) ?? .flag(false)  // a nil renders as an empty section
            case .collection?:
                return .list(mirror.children.map { make($0.value) })
            default:
                return .text(String(describing: value))
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
    var templateContext: TemplateObject { get }
}

extension WorkflowLink: TemplateConvertible {
    var templateContext: TemplateObject {
        TemplateObject(["id": .text(String(id)), "name": .text(name), "file": .text(file), "exists": .flag(exists)])
    }
}

extension RunRow: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject(["id": .text(String(id)), "at": .text(at), "status": .text(status), "statusClass": .text(statusClass)])
        if let error { context["error"] = .text(error) }
        if let workflow { context["workflow"] = .object(workflow.templateContext) }
        return context
    }
}

extension WorkflowsPage.Row: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject([
            "link": .object(link.templateContext), "owner": .text(owner), "trigger": .text(trigger), "actionCount": .text(String(actionCount)),
            "runs": .text(runs), "runsValue": .text(String(runsValue)), "successRate30d": .text(successRate30d),
            "successRate30dValue": .text(String(successRate30dValue)), "successRateAll": .text(successRateAll),
            "successRateAllValue": .text(String(successRateAllValue)), "lastRunAt": .text(lastRunAt), "lastRunSortKey": .text(lastRunSortKey),
            "lastRunStatusClass": .text(lastRunStatusClass), "sparkline": .text(sparkline), "draft": .flag(draft), "strip": .text(strip),
            "outcome": .text(outcome), "integrationsJSON": .text(integrationsJSON),
        ])
        if let lastRunStatus { context["lastRunStatus"] = .text(lastRunStatus) }
        return context
    }
}

extension TemplateValue {
    static func list(_ items: [some TemplateConvertible]) -> TemplateValue { .list(items.map { .object($0.templateContext) }) }
    static func text(_ text: String?) -> TemplateValue? { text.map { .text($0) } }
}

extension IntegrationLink: TemplateConvertible {
    var templateContext: TemplateObject {
        TemplateObject(["id": .text(String(id)), "serverName": .text(serverName), "file": .text(file)])
    }
}

extension Figure: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject(["label": .text(label), "value": .text(value)])
        context["note"] = .text(note)
        return context
    }
}

extension KeyValue: TemplateConvertible {
    var templateContext: TemplateObject { TemplateObject(["key": .text(key), "value": .text(value)]) }
}

extension ErrorRow: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject(["message": .text(message), "count": .text(count), "workflows": .list(workflows)])
        context["moreWorkflows"] = .text(moreWorkflows.map(String.init))
        context["seen"] = .text(seen)
        context["change"] = .text(change)
        return context
    }
}

/// The page ten thousand workflows each get.
extension WorkflowPage: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject([
            "root": .text(root), "id": .text(String(id)), "name": .text(name), "owner": .text(owner), "descriptionHTML": .text(descriptionHTML),
            "descriptionMarkdown": .text(descriptionMarkdown), "flowchart": .text(flowchart), "trigger": .text(trigger),
            "triggerDetails": .list(triggerDetails), "conditions": .list(conditions), "actions": .list(actions),
            "definitionJSON": .text(definitionJSON), "figures": .list(figures), "statusCounts": .list(statusCounts),
            "latestRuns": .list(latestRuns), "topErrors": .list(topErrors), "integrations": .list(integrations),
            "missingServers": .list(missingServers.map { .text($0) }), "createdAt": .text(createdAt), "updatedAt": .text(updatedAt),
        ])
        context["ownerEmail"] = .text(ownerEmail)
        context["summary"] = .text(summary)
        context["draft"] = .text(draft)
        context["descriptionNote"] = .text(descriptionNote)
        context["definitionProblem"] = .text(definitionProblem)
        context["punctuality"] = punctuality.map { .object($0.templateContext) }
        return context
    }
}

extension WorkflowPage.ConditionRow: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject(["field": .text(field), "op": .text(op), "value": .text(value)])
        context["expression"] = .text(expression)
        return context
    }
}

extension WorkflowPage.ActionRow: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject([
            "position": .text(String(position)), "tool": .text(tool), "integration": .text(integration), "arguments": .text(arguments),
        ])
        context["stepID"] = .text(stepID)
        context["integrationLink"] = integrationLink.map { .object($0.templateContext) }
        return context
    }
}

/// Every page's frame, twice per page.
extension LayoutContext: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject([
            "root": .text(root), "pageTitle": .text(pageTitle), "siteTitle": .text(siteTitle), "nav": .list(nav), "content": .text(content),
            "asOf": .text(asOf), "sourceName": .text(sourceName), "layout": .text(layout), "contentSecurityPolicy": .text(contentSecurityPolicy),
        ])
        context["canonical"] = .text(canonical)
        context["mermaidModule"] = .text(mermaidModule)
        context["mermaidScript"] = .text(mermaidScript)
        return context
    }
}

extension LayoutContext.NavItem: TemplateConvertible {
    var templateContext: TemplateObject { TemplateObject(["title": .text(title), "href": .text(href), "current": .flag(current)]) }
}

extension WorkflowPage.PunctualityRow: TemplateConvertible {
    var templateContext: TemplateObject {
        var context = TemplateObject(["state": .text(state), "stateClass": .text(stateClass), "reason": .text(reason)])
        context["expectedPrevious"] = .text(expectedPrevious)
        context["expectedNext"] = .text(expectedNext)
        return context
    }
}
