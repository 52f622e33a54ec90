import Testing
@testable import WorkflowModel

/// Error texts as the app's stack writes them (FastAPI/Python: requests, httpx, asyncpg, SQLAlchemy, the OpenAI and
/// Anthropic SDKs; Node: axios; MCP stdio servers; shells), in pairs an engineer would call one error (they must share
/// a signature) and pairs that are different errors (they must not).
@Suite struct ErrorSignatureCorpusTests {
    static let sameError: [(String, String)] = [
        // Occurrence details: ids, durations, SHAs, e-mails, dates, ports, counts.
        ("httpx.ReadTimeout: timed out after 119ms", "httpx.ReadTimeout: timed out after 30 s"),
        ("user_6123 has no GitHub token", "user_88 has no GitHub token"),
        ("job12345 exceeded its quota", "job67890 exceeded its quota"),
        ("push rejected: a1b2c3d is not a fast-forward", "push rejected: 9f8e7d6 is not a fast-forward"),
        ("could not notify alice@example.com: mailbox full", "could not notify bob.smith+ops@corp.example.org: mailbox full"),
        ("token expired at Tue, 25 Nov 2026 10:00:00 GMT", "token expired at Wed, 26 Nov 2026 04:12:09 GMT"),
        ("Slack rate limited; retry after 2026-11-25T10:00:00Z", "Slack rate limited; retry after 2026-11-24T08:30:12.5Z"),
        ("asyncpg.exceptions.TooManyConnectionsError: sorry, too many clients already (114 connections)",
         "asyncpg.exceptions.TooManyConnectionsError: sorry, too many clients already (97 connections)"),
        ("requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.github.com', port=443): Max retries exceeded with url: /repos/acme/app/issues?page=2",
         "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.github.com', port=443): Max retries exceeded with url: /repos/acme/web/issues?page=7"),
        ("MCP server github-mcp exited unexpectedly after 4.2 s", "MCP server github-mcp exited unexpectedly after 61 s"),
        ("request 3f2a9c1e-8b7d-4e6f-a1b2-c3d4e5f60718 failed", "request 0b9c8d7e-6f5a-4b3c-9d2e-1f0a9b8c7d6e failed"),
        // A traceback is known by its exception line, whatever the frames.
        ("Traceback (most recent call last):\n  File \"/app/flows/sync.py\", line 41, in run\n    row = rows[0]['user_id']\nKeyError: 'user_id'",
         "Traceback (most recent call last):\n  File \"/app/flows/other.py\", line 7, in step\n    data['user_id']\nKeyError: 'user_id'"),
        ("TypeError: Cannot read properties of undefined (reading 'id')\n    at handler (/srv/mcp/index.js:42:17)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
         "TypeError: Cannot read properties of undefined (reading 'id')\n    at run (/srv/mcp/tools.js:7:3)"),
        ("Exception in thread \"main\" java.lang.RuntimeException: wrapper\n\tat A.b(A.java:1)\nCaused by: java.net.ConnectException: Connection refused\n\tat C.d(C.java:9)",
         "java.lang.RuntimeException: other wrapper\n\tat X.y(X.java:3)\nCaused by: java.net.ConnectException: Connection refused"),
    ]

    static let differentErrors: [(String, String)] = [
        ("AxiosError: Request failed with status code 404", "AxiosError: Request failed with status code 500"),
        ("openai.RateLimitError: Error code: 429 - {'error': {'message': 'Rate limit reached'}}",
         "openai.APIStatusError: Error code: 500 - {'error': {'message': 'The server had an error'}}"),
        ("anthropic.APIStatusError: Error code: 529 - overloaded", "anthropic.APIStatusError: Error code: 401 - authentication_error"),
        ("GitHub API returned 502", "GitHub API returned 404"),
        ("process exited with exit code 1", "process exited with exit code 137"),
        ("worker killed by signal 9", "worker killed by signal 15"),
        ("command 'npx @acme/slack-mcp' returned non-zero exit status 1", "command 'npx @acme/slack-mcp' returned non-zero exit status 2"),
        ("Traceback (most recent call last):\n  File \"/app/a.py\", line 3, in f\nKeyError: 'user_id'",
         "Traceback (most recent call last):\n  File \"/app/a.py\", line 3, in f\nValueError: invalid literal for int() with base 10: 'abc'"),
        ("Traceback (most recent call last):\n  File \"a.py\", line 1\nKeyError: 'x'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"a.py\", line 5\nsqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect to server",
         "Traceback (most recent call last):\n  File \"a.py\", line 1\nKeyError: 'x'"),
        ("sqlalchemy.exc.IntegrityError: (psycopg2.errors.UniqueViolation) duplicate key value violates unique constraint",
         "sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) server closed the connection unexpectedly"),
        ("httpx.ConnectTimeout: timed out", "httpx.ReadTimeout: timed out"),
        ("upload to s3 failed", "upload to v2 failed"),
        ("HTTP 503 from api.linear.app", "HTTP 401 from api.linear.app"),
    ]

    @Test(arguments: sameError.indices)
    func mergesOccurrencesOfOneError(_ index: Int) {
        let (first, second) = Self.sameError[index]
        #expect(ErrorSignature.of(first) == ErrorSignature.of(second), "\(ErrorSignature.of(first)) ≠ \(ErrorSignature.of(second))")
    }

    @Test(arguments: differentErrors.indices)
    func keepsDifferentErrorsApart(_ index: Int) {
        let (first, second) = Self.differentErrors[index]
        #expect(ErrorSignature.of(first) != ErrorSignature.of(second), "both are \(ErrorSignature.of(first))")
    }

    @Test func showsWhatItKept() {
        #expect(ErrorSignature.of("AxiosError: Request failed with status code 404") == "AxiosError: Request failed with status code 404")
        #expect(ErrorSignature.of("Traceback (most recent call last):\n  File \"a.py\", line 3\nKeyError: 'user_id'") == "KeyError: <value>")
        #expect(ErrorSignature.of("user_6123 timed out after 119ms") == "user_<n> timed out after <duration>")
        #expect(ErrorSignature.of("mail to alice@example.com bounced") == "mail to <email> bounced")
        #expect(ErrorSignature.of("expired Tue, 25 Nov 2026 10:00:00 GMT") == "expired <time>")
        #expect(ErrorSignature.of("commit a1b2c3d rejected") == "commit <hex> rejected")
        #expect(ErrorSignature.of("exit 137") == "exit 137")
        #expect(ErrorSignature.of("step2 failed for v1 with sha256") == "step2 failed for v1 with sha256")
    }
}
