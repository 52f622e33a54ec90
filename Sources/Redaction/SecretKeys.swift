/// Which key names hold secrets: `api_key`, `X-Api-Key`, `clientSecret`, `accessToken`, `db.password`, `--token`.
/// Keys are split into words (at `_`, `-`, `.`, spaces and camelCase humps) so that `pat` matches `pat` and not
/// `path`, and `key` matches `api_key` and not `monkey`. Case does not matter, and `_` and `-` are alike.
public enum SecretKeys {
    /// Words that name a secret even when run into others (`accesstoken`, `clientsecret`, `xapikey`).
    static let runTogether = ["token", "secret", "password", "passwd", "passphrase", "apikey", "credential", "cookie", "bearer", "privatekey"]
    /// Words that name a secret only as a whole word (`pat` but not `path`, `key` but not `keyboard`).
    static let wholeWords: Set<String> = [
        "key", "auth", "oauth", "authorization", "pat", "pwd", "pass", "jwt", "private", "signature", "sig", "dsn",
        "session", "sessionid", "otp", "cookies", "creds",
    ]
    /// Keys that describe a secret rather than hold one: `token_type`, `max_tokens`, `password_length`, `key_file`.
    static let describingLastWords: Set<String> = [
        "type", "types", "count", "length", "size", "limit", "ttl", "expiry", "expires", "expire", "expiration", "at",
        "url", "uri", "endpoint", "name", "names", "field", "header", "format", "kind", "mode", "enabled", "required",
        "path", "file", "hint", "policy", "rotation", "scope", "scopes", "version", "usage", "label",
    ]
    static let describingFirstWords: Set<String> = ["max", "min", "num", "total", "is", "has", "use", "uses", "no"]
    /// Whether a key (an object key, a query parameter, a command-line flag without its dashes) names a secret.
    public static func isSecret(_ key: String) -> Bool {
        let words = Self.words(of: key)
        guard !words.isEmpty else { return false }
        let joined = words.joined()
        let named = words.contains { wholeWords.contains($0) || runTogether.contains(where: $0.contains) }
            || runTogether.contains(where: joined.contains)
        guard named else { return false }
        if words.count > 1, let first = words.first, let last = words.last,
           describingLastWords.contains(last) || describingFirstWords.contains(first)
        {
            return false
        }
        return true
    }

    /// Whether a dotted path (`trigger.headers.x-api-key`, `env[API_TOKEN]`) reaches a secret at any step.
    public static func isSecretPath(_ path: String) -> Bool {
        steps(of: path).contains { isSecret(String($0)) }
    }

    static func steps(of path: String) -> [Substring] {
        path.split(whereSeparator: { $0 == "." || $0 == "[" || $0 == "]" || $0 == "/" })
    }

    /// Lowercased words: `X-Api-Key` -> x, api, key; `clientSecret` -> client, secret; `APIKey` -> api, key.
    static func words(of key: String) -> [String] {
        var words: [String] = []
        var current: [Character] = []
        let characters = Array(key)
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current.removeAll()
        }
        for (index, character) in characters.enumerated() {
            guard character.isLetter || character.isNumber else { flush(); continue }
            if character.isUppercase, let previous = current.last {
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { flush() }
            }
            current.append(character)
        }
        flush()
        return words
    }
}
