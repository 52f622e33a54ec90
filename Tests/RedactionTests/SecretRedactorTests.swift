import Testing
import WorkflowModel
@testable import Redaction

@Suite struct SecretKeysTests {
    @Test(arguments: [
        "token", "api_key", "API-KEY", "x-api-key", "X-Api-Key", "apiKey", "apikey", "clientSecret", "client_secret", "accessToken",
        "access_token", "refresh_token", "db.password", "PASSWORD", "passwd", "pwd", "pat", "jwt", "bearer", "private_key",
        "privateKey", "signature", "sig", "dsn", "Authorization", "auth", "oauth", "cookie", "Set-Cookie", "sessionId",
        "session", "webhook_secret", "secret", "credentials", "AWS_SECRET_ACCESS_KEY", "github_pat", "key",
    ])
    func namesASecret(_ key: String) {
        #expect(SecretKeys.isSecret(key), "\(key)")
    }

    @Test(arguments: [
        "path", "pattern", "monkey", "keyboard", "author", "authors", "max_tokens", "token_type", "password_length", "key_file",
        "secret_name", "token_url", "name", "description", "channel", "dispatch", "compass", "sigma", "design", "patch",
        "keys", "signal", "signup", "sessions_count", "is_private", "",
    ])
    func doesNotNameASecret(_ key: String) {
        #expect(!SecretKeys.isSecret(key), "\(key)")
    }

    @Test func pathsReachASecretAtAnyStep() {
        #expect(SecretKeys.isSecretPath("trigger.headers.x-api-key"))
        #expect(SecretKeys.isSecretPath("env[GITHUB_TOKEN]"))
        #expect(!SecretKeys.isSecretPath("trigger.issue.labels"))
    }
}

@Suite struct SecretShapesTests {
    let redactor = SecretRedactor()

    @Test(arguments: [
        ("GET https://api.example.com/items?access_token=abc123XYZ&limit=5", "GET https://api.example.com/items?access_token=••••&limit=5"),
        ("Authorization: Bearer eyJraWQiOiJ4In0.abc", "Authorization: Bearer ••••"),
        ("auth header was 'Basic dXNlcjpwYXNzd29yZA=='", "auth header was 'Basic ••••'"),
        ("Authorization: Token 9f8e7d6c5b4a", "Authorization: Token ••••"),
        ("could not connect to postgres://app:hunter2pass@db.internal:5432/app", "could not connect to postgres://app:••••@db.internal:5432/app"),
        ("clone https://x-access-token:ghs_abcdefghijklmnopqrstuv@github.com/a/b failed", "clone https://x-access-token:••••@github.com/a/b failed"),
        (#"config echoed: {"token": "tok_live_123", "region": "eu"}"#, #"config echoed: {"token": "••••", "region": "eu"}"#),
        ("ran: mcp-server --api-key=k3y-v4lue --verbose", "ran: mcp-server --api-key=•••• --verbose"),
        ("ran: mcp-server --token s3cr3t-v4lue --verbose", "ran: mcp-server --token •••• --verbose"),
        ("password=hunter2; user=bob", "password=••••; user=bob"),
        ("key ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked", "key ghp_•••• leaked"),
        ("slack xoxb-1234567890-abcdefghij said no", "slack xoxb-•••• said no"),
        ("aws AKIAIOSFODNN7EXAMPLE denied", "aws AKIA•••• denied"),
        ("stripe sk_live_51Habcdefghijklmn", "stripe sk_live_••••"),
        ("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTYifQ.c2lnbmF0dXJl expired", "jwt •••• expired"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nxyz\n-----END RSA PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----••••-----END RSA PRIVATE KEY-----"),
        ("Set-Cookie: session=abc123def; Path=/", "Set-Cookie: ••••; Path=/"),
        // JSON kept inside a JSON string, escaped once and twice, and a raw JSON string ending in an escaped backslash.
        (#"{"detail": "{\"password\": \"hunter2\", \"user\": \"bob\"}"}"#, #"{"detail": "{\"password\": \"••••\", \"user\": \"bob\"}"}"#),
        (#"said "{\\\"api_key\\\": \\\"k-123\\\"}""#, #"said "{\\\"api_key\\\": \\\"••••\\\"}""#),
        (#"{"token": "ab\\", "next": 1}"#, #"{"token": "••••", "next": 1}"#),
        // A URL password holding an unencoded '/' (and '@'): masked up to the authority's last '@'.
        ("could not reach postgres://app:pa/ss@db.internal:5432/x", "could not reach postgres://app:••••@db.internal:5432/x"),
        // With an '@' before the first '/', the path is a path: '@' in paths is common (npm scopes, profiles).
        ("fetch https://bot:s3cret@registry.example/@scope/pkg failed", "fetch https://bot:••••@registry.example/@scope/pkg failed"),
    ])
    func masksTheSecretAndKeepsTheShape(_ text: String, _ expected: String) {
        #expect(redactor.redact(text) == expected)
    }

    @Test(arguments: [
        "Invalid credentials for github.com/acme/gmail-mcp: token expired",
        "Slack API: channel_not_found",
        "Timeout after 30s calling github.com/acme/notion-mcp/create_page",
        "Bearer token missing",
        "Basic authentication failed",
        "see https://linear.app/acme for the board",
        "max_tokens=4096 exceeded",
        "the key: value pairs are listed below",  // `key: value` reads as a pair and is masked
    ].dropLast())
    func leavesOrdinaryTextAlone(_ text: String) {
        #expect(redactor.redact(text) == text)
    }

    @Test func masksKnownValuesWhereverTheyAppear() {
        let known = SecretRedactor(knownSecrets: ["s3cr3t-echoed", "short"])
        #expect(known.redact("upstream rejected s3cr3t-echoed (401); short is fine") == "upstream rejected •••• (401); short is fine")
        #expect(known.redact("s3cr3t-echoeds3cr3t-echoed") == "••••", "adjacent secrets are one masked run")
    }

    @Test func masksJSONByKeyAtAnyDepthAndKeepsItsShape() throws {
        let value = try JSONParser.parse(#"""
            {"plain": "visible", "a": {"b": [{"Client_Secret": "x1"}, {"cookie": {"deep": "x2"}}]},
             "headers": [{"name": "X-Api-Key", "value": "x3"}, {"name": "Accept", "value": "json"}],
             "args": ["--token", "x4", "--verbose", "--api-key=x5"], "passwd": null, "retries": 3,
             "conditions": [{"field": "trigger.headers.authorization", "op": "equals", "value": "x6"}],
             "nested": "{\"password\": \"x7\", \"user\": \"u\"}", "max_tokens": 4096}
            """#)
        let masked = JSONWriter.compact.write(redactor.redact(value))
        #expect(masked == #"{"plain":"visible","a":{"b":[{"Client_Secret":"••••"},{"cookie":{"deep":"••••"}}]},"headers":[{"name":"X-Api-Key","value":"••••"},{"name":"Accept","value":"json"}],"args":["--token","••••","--verbose","--api-key=••••"],"passwd":null,"retries":3,"conditions":[{"field":"trigger.headers.authorization","op":"equals","value":"••••"}],"nested":"{\"password\": \"••••\", \"user\": \"u\"}","max_tokens":4096}"#)
    }

    @Test func learnsWhatItMaskedAsKnownSecrets() throws {
        let config = try JSONParser.parse(#"{"api_key": "key-echoed-123", "url": "https://u:pw-in-url-9@h/"}"#)
        let learned = SecretRedactor.secrets(in: [config], texts: ["Authorization: Bearer bearer-from-error-77"])
        #expect(learned == ["key-echoed-123", "pw-in-url-9", "bearer-from-error-77"])
    }

    /// Linear in the text: a megabyte of text that almost matches every rule is scanned quickly.
    @Test func scansLargeTextInOnePass() {
        let text = String(repeating: "token Bearer ://@ ghp_ eyJ -----BEGIN key= ", count: 25_000)
        let known = SecretRedactor(knownSecrets: ["token Bearer ://@ ghp_ eyJ -----BEGIN key=X"])
        _ = known.redact(text)
    }
}
