import Foundation

/// The passwords of one connection, to mask wherever text is shown: in the connection text itself, and in any
/// message libpq or the server writes (libpq quotes pieces of a string it cannot parse: the token after which it
/// expected `=`, a "port" that was half a password). Every password found is masked whole and, when it could have
/// been split by a parser, piece by piece.
package struct SecretMask: Sendable, Equatable {
    /// Longest first, so a password is masked before any piece of it.
    private(set) var secrets: [String] = []

    package init(connectionText text: String) {
        if let schemeEnd = text.range(of: "://") {
            collectFromURI(text[schemeEnd.upperBound...])
        } else {
            collectFromKeywords(text)
        }
    }

    /// Adds a password learnt later (the one libpq took from `.pgpass`, a service file or `PGPASSWORD`).
    package mutating func add(_ secret: String) {
        guard !secret.isEmpty else { return }
        var all = Set(secrets)
        all.insert(secret)
        if let decoded = secret.removingPercentEncoding { all.insert(decoded) }
        // Pieces a parser could have cut it into; short ones would mask ordinary words.
        for piece in secret.split(whereSeparator: { "/?@:&=# \t'\"\\,".contains($0) }) where piece.count >= 3 {
            all.insert(String(piece))
        }
        secrets = all.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// `text` with every secret replaced by `****`.
    package func masked(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "****")
        }
        return result
    }

    /// The userinfo of a URI runs to the last `@` of the text (a password may hold an unencoded `@`, `/` or `?`:
    /// masking too much is better than showing a piece); its password is what follows the first `:`.
    /// `password=` parameters are secrets too.
    private mutating func collectFromURI(_ rest: Substring) {
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            if let colon = userinfo.firstIndex(of: ":") {
                add(String(userinfo[userinfo.index(after: colon)...]))
            }
        }
        var search = rest[...]
        while let range = search.range(of: "password=", options: .caseInsensitive) {
            let value = search[range.upperBound...].prefix { $0 != "&" }
            add(String(value))
            search = search[range.upperBound...]
        }
    }

    /// `password=value` or `password='quoted \' value'`; an unquoted value followed by words without `=` (a
    /// password with spaces, unquoted) takes those words too: libpq would quote one of them in its message.
    private mutating func collectFromKeywords(_ text: String) {
        let characters = Array(text)
        var index = 0
        func skipSpaces() { while index < characters.count, characters[index].isWhitespace { index += 1 } }
        while index < characters.count {
            skipSpaces()
            let keyStart = index
            while index < characters.count, characters[index] != "=", !characters[index].isWhitespace { index += 1 }
            let key = String(characters[keyStart..<index]).lowercased()
            skipSpaces()
            guard index < characters.count, characters[index] == "=" else {
                // A word without `=`: after a password it is part of that password.
                continue
            }
            index += 1
            skipSpaces()
            var value = ""
            var rawStart = index, rawEnd = index
            if index < characters.count, characters[index] == "'" {
                index += 1
                rawStart = index
                while index < characters.count, characters[index] != "'" {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                rawEnd = min(index, characters.count)
                index += 1
            } else {
                while index < characters.count, !characters[index].isWhitespace {
                    if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                    value.append(characters[index])
                    index += 1
                }
                rawEnd = min(index, characters.count)
            }
            if key == "password" {
                add(value)
                // As written, escapes included.
                add(String(characters[rawStart..<max(rawStart, rawEnd)]))
                // Following words up to the next `key=` belong to an unquoted password with spaces.
                var lookahead = index
                while lookahead < characters.count {
                    while lookahead < characters.count, characters[lookahead].isWhitespace { lookahead += 1 }
                    let wordStart = lookahead
                    while lookahead < characters.count, !characters[lookahead].isWhitespace { lookahead += 1 }
                    let word = String(characters[wordStart..<lookahead])
                    if word.isEmpty || word.contains("=") { break }
                    add(word)
                    index = lookahead
                }
            } else if key.isEmpty {
                add(value)
            }
        }
    }

    /// Why a URI's userinfo cannot be right, or nil: a password holding an unencoded `/`, `?` or `#` makes libpq
    /// end the authority inside it (and print the pieces in its message), so it is refused before libpq sees it,
    /// with the way to write it. An `@` inside a query value (`?application_name=a@b`) is not userinfo.
    package static func unencodedPasswordProblem(_ rest: Substring) -> String? {
        guard let at = rest.lastIndex(of: "@"),
              let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }), end < at else { return nil }
        if let query = rest.firstIndex(of: "?"), query < at, rest[query..<at].contains("=") { return nil }
        return "the user name or password in the URL holds a character that must be percent-encoded ('/' as %2F, '?' as %3F, '#' as %23, '@' as %40)"
    }
}
