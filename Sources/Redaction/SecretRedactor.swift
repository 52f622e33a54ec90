import WorkflowModel

/// Masks secrets in everything flowsite shows. Three rules, applied together:
/// - *by key*, at any depth of any JSON: a secret-named key (`SecretKeys`) has every scalar beneath it masked, and so
///   has the `value` of a `{name, value}` pair (headers lists, condition `field`s) whose name is secret-named; the value
///   after a secret-named flag in an arguments array (`["--token", "X"]`) too;
/// - *by shape* in any text (`SecretShapes`): `Bearer …`, `?access_token=…`, `user:password@`, `ghp_…`, JWTs, PEM keys;
/// - *by known value* (`KnownSecrets`): whatever the other rules masked anywhere is masked wherever else it appears.
/// JSON stored as text inside a string (double-encoded) is read and masked by key as well. Masked text keeps its
/// shape: only the secret becomes `••••`. There is no way to turn this off.
public struct SecretRedactor: Sendable {
    public static let mask = "••••"
    let known: KnownSecrets

    /// - Parameter knownSecrets: values to mask wherever they appear (shorter than six characters are ignored).
    public init(knownSecrets: some Sequence<String> = [String]()) {
        known = KnownSecrets(knownSecrets)
    }

    public func redact(_ text: String) -> String { RedactionPass(known: known).text(text) }

    public func redact(_ value: JSONValue) -> JSONValue { RedactionPass(known: known).json(value) }

    /// The secrets these values hold, by key and by shape, for `init(knownSecrets:)`.
    public static func secrets(in values: [JSONValue], texts: [String] = []) -> Set<String> {
        let pass = RedactionPass(known: KnownSecrets())
        for value in values { _ = pass.json(value) }
        for text in texts { _ = pass.text(text) }
        return pass.learned
    }
}

/// One walk over many values: remembers the verdict for every key and text it has seen (keys and error messages
/// repeat thousands of times) and what it masked, to learn known secrets. Not shared between threads.
final class RedactionPass {
    let known: KnownSecrets
    private(set) var learned = Set<String>()
    private var keyVerdicts: [String: Bool] = [:]
    private var answers: [String: String] = [:]
    /// Texts longer than this are not remembered: they rarely repeat and would hold memory.
    static let rememberedLength = 4096

    /// Keys that name the other half of a `{name: "Authorization", value: "…"}` pair.
    static let pairNameKeys: Set<String> = ["name", "key", "header", "field", "param", "parameter", "variable", "var", "env"]
    static let pairValueKeys: Set<String> = ["value", "values", "default", "expected"]

    /// Extra secret key names, as their words run together (`internal_ref` -> `internalref`).
    private let extraKeys: Set<String>

    init(known: KnownSecrets, extraKeys: [String] = []) {
        self.known = known
        self.extraKeys = Set(extraKeys.map { SecretKeys.words(of: $0).joined() }.filter { !$0.isEmpty })
    }

    func isSecretKey(_ key: String) -> Bool {
        if let verdict = keyVerdicts[key] { return verdict }
        let words = extraKeys.isEmpty ? [] : SecretKeys.words(of: key)
        let verdict = SecretKeys.isSecret(key) || (!words.isEmpty && (extraKeys.contains(words.joined()) || words.contains(where: extraKeys.contains)))
        if keyVerdicts.count < 100_000 { keyVerdicts[key] = verdict }
        return verdict
    }

    /// `SecretKeys.isSecretPath` with each step's verdict remembered: the pair check asks it of every `name` value.
    func isSecretPath(_ path: String) -> Bool {
        SecretKeys.steps(of: path).contains { isSecretKey(String($0)) }
    }

    // MARK: Text

    func text(_ text: String) -> String {
        if let answer = answers[text] { return answer }
        let bytes = Array(text.utf8)
        let ranges = SecretShapes.merged(SecretShapes.ranges(in: bytes, isSecretKey: isSecretKey) + known.ranges(in: bytes))
        var output = text
        if !ranges.isEmpty {
            var masked: [UInt8] = []
            masked.reserveCapacity(bytes.count)
            var position = 0
            for range in ranges {
                masked += bytes[position..<range.lowerBound]
                masked += Array(SecretRedactor.mask.utf8)
                learn(String(decoding: bytes[range], as: UTF8.self))
                position = range.upperBound
            }
            masked += bytes[position...]
            output = String(decoding: masked, as: UTF8.self)
        }
        if bytes.count <= Self.rememberedLength { answers[text] = output }
        return output
    }

    private func learn(_ secret: String) {
        if secret.utf8.count >= KnownSecrets.minimumLength, secret != SecretRedactor.mask { learned.insert(secret) }
    }

    // MARK: JSON

    func json(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(embedded(text))
        case .array(let items): return .array(arguments(items))
        case .object(let members): return .object(object(members))
        case .null, .bool, .integer, .double: return value
        }
    }

    /// A string that holds JSON (double-encoded by some writer) is masked by key like any other JSON.
    private func embedded(_ text: String) -> String {
        guard let first = text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }),
              first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
              let parsed = try? JSONParser.parse(text)
        else { return self.text(text) }
        let masked = json(parsed)
        guard masked != parsed else { return self.text(text) }
        return (text.contains("\": ") ? JSONWriter.spaced : JSONWriter.compact).write(masked)
    }

    /// `["--token", "X"]`, `["-p", …]`: the value after a secret-named flag.
    private func arguments(_ items: [JSONValue]) -> [JSONValue] {
        var output: [JSONValue] = []
        output.reserveCapacity(items.count)
        var maskNext = false
        for item in items {
            if maskNext {
                maskNext = false
                output.append(maskLeaves(item))
                continue
            }
            output.append(json(item))
            if case .string(let text) = item, text.hasPrefix("-"), !text.contains("=") {
                let name = String(text.drop { $0 == "-" })
                maskNext = name.count >= 2 && isSecretKey(name)
            }
        }
        return output
    }

    private func object(_ members: [JSONValue.Member]) -> [JSONValue.Member] {
        let hasValue = members.contains { Self.pairValueKeys.contains($0.key.lowercased()) }
        let pairIsSecret = hasValue && members.contains { member in
            Self.pairNameKeys.contains(member.key.lowercased()) && member.value.stringValue.map(isSecretPath) == true
        }
        return members.map { member in
            let lowered = member.key.lowercased()
            let key = text(member.key)
            if hasValue && Self.pairNameKeys.contains(lowered) { return .init(key, json(member.value)) }
            if (pairIsSecret && Self.pairValueKeys.contains(lowered)) || isSecretKey(member.key) {
                return .init(key, maskLeaves(member.value))
            }
            return .init(key, json(member.value))
        }
    }

    /// Every scalar under a secret key becomes the mask; `null`, booleans and empty strings say nothing and stay.
    func maskLeaves(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null, .bool: return value
        case .string(let text):
            guard !text.isEmpty else { return value }
            learn(text)
            return .string(SecretRedactor.mask)
        case .integer, .double:
            learn(value.displayText)
            return .string(SecretRedactor.mask)
        case .array(let items): return .array(items.map(maskLeaves))
        case .object(let members): return .object(members.map { .init(text($0.key), maskLeaves($0.value)) })
        }
    }
}
