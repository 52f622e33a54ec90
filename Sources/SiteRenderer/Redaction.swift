import WorkflowModel

/// Hides secrets in configs and definitions before they reach any page: a value whose key names a secret, at any
/// depth, and the `value` of a `{name: "Authorization", value: …}` pair, become `••••`.
public enum Redaction {
    public static let mask = "••••"
    static let sensitiveWords = ["token", "secret", "password", "passwd", "key", "auth", "credential", "cookie", "session"]

    public static func isSensitive(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return sensitiveWords.contains { lowered.contains($0) }
    }

    public static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items):
            return .array(items.map(redact))
        case .object(let members):
            // Header-style pairs: the secret sits in `value`, its name in a sibling.
            let pairName = members.first { ["name", "key", "header"].contains($0.key.lowercased()) }?.value.stringValue
            let pairIsSecret = pairName.map(isSensitive) ?? false
            return .object(members.map { member in
                if isSensitive(member.key) {
                    return .init(member.key, member.value == .null ? .null : .string(mask))
                }
                if pairIsSecret && member.key.lowercased() == "value" { return .init(member.key, .string(mask)) }
                return .init(member.key, redact(member.value))
            })
        default:
            return value
        }
    }
}
