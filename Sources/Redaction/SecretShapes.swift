/// Finds secrets in free text by their shape: `Bearer …` credentials, secret-named `key=value` and `"key": "value"`
/// pairs (query parameters, headers, echoed configs, `--token=X` and `--token X` flags), `user:password@` in URLs and
/// connection strings, well-known token formats (GitHub, GitLab, Slack, AWS, Stripe, OpenAI, Google, npm, JWTs) and
/// PEM private-key blocks. It works on UTF-8 bytes and answers byte ranges, so a caller masks exactly those and keeps
/// the rest of the text as it was (`?access_token=••••&limit=5`). Every rule moves forward only: linear in the text.
enum SecretShapes {
    /// The byte ranges holding secrets, sorted and merged.
    static func ranges(in bytes: [UInt8], isSecretKey: (String) -> Bool) -> [Range<Int>] {
        var found: [Range<Int>] = []
        found += keyedValues(bytes, isSecretKey: isSecretKey)
        found += schemeCredentials(bytes)
        found += urlPasswords(bytes)
        found += tokenFormats(bytes)
        found += privateKeyBlocks(bytes)
        return merged(found)
    }

    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var output: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !range.isEmpty {
            if let last = output.last, range.lowerBound <= last.upperBound {
                output[output.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                output.append(range)
            }
        }
        return output
    }

    // MARK: Bytes

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isKeyByte(_ byte: UInt8) -> Bool { isAlphanumeric(byte) || byte == 0x5F || byte == 0x2D || byte == 0x2E }  // _ - .

    /// Characters of a credential: base64, base64url, and the punctuation tokens use.
    static func isCredentialByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || [0x2D, 0x2E, 0x5F, 0x7E, 0x2B, 0x2F, 0x3D].contains(byte)  // - . _ ~ + / =
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Where an unquoted value ends: white space, quotes, brackets, and the separators of query strings and lists.
    static func endsUnquotedValue(_ byte: UInt8) -> Bool {
        byte <= 0x20 || [0x26, 0x2C, 0x3B, 0x22, 0x27, 0x29, 0x5D, 0x7D, 0x3C, 0x3E, 0x60].contains(byte)  // & , ; " ' ) ] } < > `
    }

    static func lowercased(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    static func hasPrefix(_ bytes: [UInt8], at index: Int, _ prefix: [UInt8], caseInsensitive: Bool = false) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count {
            var byte = bytes[index + offset]
            if caseInsensitive, byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != prefix[offset] { return false }
        }
        return true
    }

    // MARK: Rules

    /// Authorization schemes whose credential follows after a space.
    static let schemes: [(word: [UInt8], minimum: Int, needsMixture: Bool)] = [
        (Array("bearer".utf8), 6, false), (Array("basic".utf8), 8, true), (Array("token".utf8), 8, true), (Array("digest".utf8), 8, true),
    ]

    /// `password=hunter2`, `"token": "abc"`, `api_key: abc`, `?access_token=abc&…`, `--token=abc`, `--token abc`.
    static func keyedValues(_ bytes: [UInt8], isSecretKey: (String) -> Bool) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        let count = bytes.count
        while index < count {
            guard isKeyByte(bytes[index]), index == 0 || !isKeyByte(bytes[index - 1]) else { index += 1; continue }
            var end = index
            while end < count, isKeyByte(bytes[end]) { end += 1 }
            defer { index = max(end, index + 1) }
            let word = bytes[index..<end]
            // `https://user:password@host`: the URL rule masks the password and keeps the host.
            if index >= 3, bytes[index - 3] == 0x3A, bytes[index - 2] == 0x2F, bytes[index - 1] == 0x2F { continue }
            var dashes = 0
            while dashes < word.count, word[word.startIndex + dashes] == 0x2D { dashes += 1 }
            guard word.count - dashes >= 2, word.count <= 64 else { continue }
            var cursor = end
            // The key's closing quote, escaped to any depth when the JSON sits inside a JSON string (`\"password\": …`).
            var quoteEnd = cursor
            while quoteEnd < count, bytes[quoteEnd] == 0x5C { quoteEnd += 1 }
            if quoteEnd < count, bytes[quoteEnd] == 0x22 || bytes[quoteEnd] == 0x27, index > 0, bytes[index - 1] == bytes[quoteEnd] { cursor = quoteEnd + 1 }
            while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
            var separated = false
            if cursor < count, bytes[cursor] == 0x3D || bytes[cursor] == 0x3A {  // = :
                let isSchemeOrScope = bytes[cursor] == 0x3A && cursor + 1 < count && (bytes[cursor + 1] == 0x2F || bytes[cursor + 1] == 0x3A)
                guard !isSchemeOrScope else { continue }
                cursor += 1
                separated = true
            } else if dashes > 0, cursor > end {
                separated = true  // `--token abc`
            }
            // Asked last: most words are not followed by a separator, and naming a key costs a String.
            guard separated, isSecretKey(String(decoding: word.dropFirst(dashes), as: UTF8.self)) else { continue }
            while cursor < count, isSpace(bytes[cursor]) { cursor += 1 }
            guard cursor < count else { continue }
            if let quoted = quotedValue(bytes, at: cursor) {
                if !quoted.isEmpty { ranges.append(quoted) }
                end = quoted.upperBound
                continue
            }
            let quote = bytes[cursor]
            guard quote != 0x7B, quote != 0x5B, !(dashes > 0 && quote == 0x2D) else { continue }  // { [ or another flag
            var valueEnd = cursor
            while valueEnd < count, !endsUnquotedValue(bytes[valueEnd]) { valueEnd += 1 }
            guard valueEnd > cursor else { continue }
            let value = lowercased(bytes[cursor..<valueEnd])
            // `Authorization: Bearer abc`: the scheme rule masks the credential and keeps the scheme readable.
            if schemes.contains(where: { String(decoding: $0.word, as: UTF8.self) == value }) { end = cursor; continue }
            ranges.append(cursor..<valueEnd)
            end = valueEnd
        }
        return ranges
    }

    /// The inside of a quoted value starting at `start`: `"x"`, `'x'`, or a quote escaped to any depth, as JSON kept
    /// inside a JSON string writes it (`\"x\"`, `\\\"x\\\"`). The value ends at a quote escaped exactly as the opening
    /// one; a quote escaped more deeply belongs to the value. Nil when no quote opens there.
    static func quotedValue(_ bytes: [UInt8], at start: Int) -> Range<Int>? {
        var open = start
        while open < bytes.count, bytes[open] == 0x5C { open += 1 }
        guard open < bytes.count, bytes[open] == 0x22 || bytes[open] == 0x27 else { return nil }
        let depth = open - start, quote = bytes[open]
        var cursor = open + 1
        while cursor < bytes.count, bytes[cursor] != 0x0A {
            var run = cursor
            while run < bytes.count, bytes[run] == 0x5C { run += 1 }
            // Unescaped JSON: an even run of backslashes is escaped backslashes, and the quote after it closes.
            let closes = run - cursor == depth || (depth == 0 && (run - cursor) % 2 == 0)
            if run < bytes.count, bytes[run] == quote, closes { return (open + 1)..<(depth == 0 ? run : cursor) }
            // Backslashes followed by anything else (or by a quote escaped more deeply) belong to the value.
            cursor = run == cursor ? cursor + 1 : run + (run < bytes.count && bytes[run] != 0x0A ? 1 : 0)
        }
        return (open + 1)..<cursor
    }

    /// `Bearer eyJ…`, `Basic dXNlcjpwYXNz`, `Token 9f8e…`: the credential after the scheme word.
    static func schemeCredentials(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            let first = bytes[index] | 0x20  // lowercase ASCII letters
            guard first == UInt8(ascii: "b") || first == UInt8(ascii: "t") || first == UInt8(ascii: "d"),
                  index == 0 || !isAlphanumeric(bytes[index - 1]) else { continue }
            for scheme in schemes where hasPrefix(bytes, at: index, scheme.word, caseInsensitive: true) {
                var cursor = index + scheme.word.count
                guard cursor < bytes.count, isSpace(bytes[cursor]) else { continue }
                while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                var end = cursor
                while end < bytes.count, isCredentialByte(bytes[end]) { end += 1 }
                guard end - cursor >= scheme.minimum else { continue }
                if scheme.needsMixture && !looksGenerated(bytes[cursor..<end]) { continue }
                ranges.append(cursor..<end)
                index = end
                break
            }
        }
        return ranges
    }

    /// A credential rather than a word: it has a digit, punctuation, or both cases.
    static func looksGenerated(_ bytes: ArraySlice<UInt8>) -> Bool {
        let hasDigit = bytes.contains { $0 >= 0x30 && $0 <= 0x39 }
        let hasPunctuation = bytes.contains { !isAlphanumeric($0) }
        let hasUpper = bytes.contains { $0 >= 0x41 && $0 <= 0x5A }
        let hasLower = bytes.contains { $0 >= 0x61 && $0 <= 0x7A }
        return hasDigit || hasPunctuation || (hasUpper && hasLower)
    }

    /// `postgres://user:pw@host`, `https://user:pw@host`; a bare user part as long as a token (`https://ghp_…@github.com`).
    static func urlPasswords(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        while index + 2 < bytes.count {
            guard bytes[index] == 0x3A, bytes[index + 1] == 0x2F, bytes[index + 2] == 0x2F else { index += 1; continue }
            let start = index + 3
            var end = start
            var at: Int?
            var colon: Int?
            while end < bytes.count, bytes[end] > 0x20, ![0x2F, 0x3F, 0x23, 0x22, 0x27, 0x3C, 0x3E].contains(bytes[end]) {  // / ? # " ' < >
                if bytes[end] == 0x40 { at = end }
                if bytes[end] == 0x3A, colon == nil { colon = end }
                end += 1
            }
            // A password with an unencoded `/`, `?` or `#` (`user:pa/ss@host`) ends the authority too early: with a
            // `user:` seen and no `@` yet, the authority runs to the last `@` before the URL's next space or quote.
            if at == nil, let colon, end < bytes.count, [0x2F, 0x3F, 0x23].contains(bytes[end]) {
                var probe = end
                while probe < bytes.count, bytes[probe] > 0x20, ![0x22, 0x27, 0x3C, 0x3E, 0x60].contains(bytes[probe]) {
                    if bytes[probe] == 0x40 { at = probe }
                    probe += 1
                }
                if let found = at, found > colon + 1 { ranges.append((colon + 1)..<found) }
                index = max(probe, index + 3)
                continue
            }
            if let at {
                if let colon, colon < at, at > colon + 1 {
                    ranges.append((colon + 1)..<at)
                } else if colon == nil || colon! > at, at - start >= 16 {
                    ranges.append(start..<at)
                }
            }
            index = max(end, index + 3)
        }
        return ranges
    }

    /// Token formats their issuers made recognisable; the prefix stays so a reader knows what was hidden.
    static let formats: [(prefix: [UInt8], minimum: Int, keepPrefix: Bool)] = [
        ("ghp_", 20, true), ("gho_", 20, true), ("ghu_", 20, true), ("ghs_", 20, true), ("ghr_", 20, true), ("github_pat_", 20, true),
        ("glpat-", 20, true), ("xoxb-", 10, true), ("xoxa-", 10, true), ("xoxp-", 10, true), ("xoxo-", 10, true), ("xoxr-", 10, true),
        ("xoxs-", 10, true), ("xapp-", 10, true), ("AKIA", 16, true), ("ASIA", 16, true), ("sk_live_", 10, true), ("sk_test_", 10, true),
        ("rk_live_", 10, true), ("rk_test_", 10, true), ("whsec_", 10, true), ("sk-", 20, true), ("AIza", 30, true), ("npm_", 30, true),
        ("pypi-", 30, true), ("shpat_", 20, true), ("SG.", 20, true),
    ].map { (Array($0.0.utf8), $0.1, $0.2) }

    /// The first bytes of every format (and of JWTs), so most positions are passed over at once.
    static let formatStarts: Set<UInt8> = Set(formats.map { $0.prefix[0] } + [UInt8(ascii: "e")])

    static func tokenFormats(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard formatStarts.contains(bytes[index]), index == 0 || !isAlphanumeric(bytes[index - 1]) else { index += 1; continue }
            if let jwt = jsonWebToken(bytes, at: index) {
                ranges.append(index..<jwt)
                index = jwt
                continue
            }
            var matched = false
            for format in formats where hasPrefix(bytes, at: index, format.prefix) {
                var end = index + format.prefix.count
                while end < bytes.count, isAlphanumeric(bytes[end]) || bytes[end] == 0x5F || bytes[end] == 0x2D || bytes[end] == 0x2E { end += 1 }
                guard end - index - format.prefix.count >= format.minimum else { continue }
                ranges.append((format.keepPrefix ? index + format.prefix.count : index)..<end)
                index = end
                matched = true
                break
            }
            if !matched { index += 1 }
        }
        return ranges
    }

    /// `eyJ<header>.eyJ<payload>.<signature>`: three base64url parts, the first two JSON objects.
    static let jwtStart = Array("eyJ".utf8)

    static func jsonWebToken(_ bytes: [UInt8], at index: Int) -> Int? {
        let start = jwtStart
        guard hasPrefix(bytes, at: index, start) else { return nil }
        func part(from position: Int) -> Int {
            var end = position
            while end < bytes.count, isAlphanumeric(bytes[end]) || bytes[end] == 0x5F || bytes[end] == 0x2D { end += 1 }
            return end
        }
        let header = part(from: index)
        guard header - index >= 8, header < bytes.count, bytes[header] == 0x2E, hasPrefix(bytes, at: header + 1, start) else { return nil }
        let payload = part(from: header + 1)
        guard payload - header > 8 else { return nil }
        guard payload < bytes.count, bytes[payload] == 0x2E else { return payload }
        return part(from: payload + 1)
    }

    /// The body of `-----BEGIN … PRIVATE KEY-----` … `-----END …`; the two marker lines stay.
    static func privateKeyBlocks(_ bytes: [UInt8]) -> [Range<Int>] {
        let begin = Array("-----BEGIN ".utf8), privateKey = Array("PRIVATE KEY-----".utf8), endMarker = Array("-----END".utf8)
        var ranges: [Range<Int>] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x2D, hasPrefix(bytes, at: index, begin) else { index += 1; continue }
            var header = index + begin.count
            while header < bytes.count, bytes[header] != 0x0A, !hasPrefix(bytes, at: header, privateKey) { header += 1 }
            guard hasPrefix(bytes, at: header, privateKey) else { index = header; continue }
            let bodyStart = header + privateKey.count
            var bodyEnd = bodyStart
            while bodyEnd < bytes.count, !hasPrefix(bytes, at: bodyEnd, endMarker) { bodyEnd += 1 }
            if bodyEnd > bodyStart { ranges.append(bodyStart..<bodyEnd) }
            index = bodyEnd + endMarker.count
        }
        return ranges
    }
}
