import WorkflowModel

/// Rows that several pages show: links, figures, runs, errors and key-value pairs. Each converts itself to its
/// template context by hand; these are the values repeated thousands of times per site.

/// A link to a workflow page; templates show it through `partials/workflow-link`.
struct WorkflowLink: Sendable, TemplateConvertible {
    /// The workflow's id.
    var id: Int64
    /// The workflow's name, or `Workflow <id>` when it has none.
    var name: String
    /// File name without extension, under `workflows/`.
    var file: String
    /// False for ids that only orphan runs name: shown as text, not a link.
    var exists: Bool

    var templateContext: TemplateObject {
        TemplateObject(["id": .text(String(id)), "name": .text(name), "file": .text(file), "exists": .flag(exists)])
    }
}

/// A link to one owner's configuration of an MCP server: its section (`#config-<id>`) on the server's page.
struct IntegrationLink: Sendable, TemplateConvertible {
    /// The integration's id: the anchor `config-<id>` on the server's page.
    var id: Int64
    /// The MCP server the integration configures.
    var serverName: String
    /// The server page's file name without extension, under `servers/`.
    var file: String

    var templateContext: TemplateObject {
        TemplateObject(["id": .text(String(id)), "serverName": .text(serverName), "file": .text(file)])
    }
}

/// A big number with its label.
struct Figure: Sendable, TemplateConvertible {
    /// What the number is (`Runs`, `Failure streak`).
    var label: String
    /// The number, formatted (`1,234`, `97.5 %`, `—` when there is none).
    var value: String
    /// What the number counts, in a few words; nil when the label says it all.
    var note: String?

    var templateContext: TemplateObject {
        var context = TemplateObject(["label": .text(label), "value": .text(value)])
        context["note"] = .text(note)
        return context
    }
}

/// One row of a run table.
struct RunRow: Sendable, TemplateConvertible {
    /// The run's id.
    var id: Int64
    /// When it was triggered, formatted.
    var at: Stamp
    /// The status as stored, `(empty)` for an empty one.
    var status: String
    /// `ok`, `fail`, `busy` or `other`: the pill colour.
    var statusClass: String
    /// The error message cut to one line of 300 characters; nil when it has none.
    var error: String?
    /// The run's workflow, on pages that list runs of several workflows (stuck runs); nil on a workflow's own page.
    var workflow: WorkflowLink?
    /// The file (under `runs/`, without extension) of its workflow's runs page when the run has a section there
    /// (`#run-<id>`); its id links there. Nil for a run without one.
    var runFile: String? = nil
    /// The file of its error's signature page, under `errors/`; nil when it has none.
    var signatureFile: String?

    var templateContext: TemplateObject {
        var context = TemplateObject(["id": .text(String(id)), "at": .object(at.templateContext), "status": .text(status), "statusClass": .text(statusClass)])
        context["runFile"] = .text(runFile)
        if let error { context["error"] = .text(error) }
        if let workflow { context["workflow"] = .object(workflow.templateContext) }
        context["signatureFile"] = .text(signatureFile)
        return context
    }
}

/// A recurring error, by signature (see `ErrorSignature`).
struct ErrorRow: Sendable, TemplateConvertible {
    /// The signature, cut to 300 characters.
    var message: String
    /// How many runs failed with it, formatted.
    var count: String
    /// The first 8 workflows it hit.
    var workflows: [WorkflowLink]
    /// How many more workflows it hit than `workflows` lists; nil when none.
    var moreWorkflows: Int?
    /// When it was first and last seen, and how many raw messages the signature groups; nil when its runs' times
    /// cannot be read.
    var seen: Seen?
    /// `new` (absent from the last render) or nil.
    var change: String?
    /// Its page's file under `errors/`; nil when it has none (past the `RunPageSelection.signaturePagesMax` first).
    var file: String?

    var templateContext: TemplateObject {
        var context = TemplateObject(["message": .text(message), "count": .text(count), "workflows": .list(workflows)])
        context["file"] = .text(file)
        context["moreWorkflows"] = .text(moreWorkflows.map(String.init))
        context["seen"] = seen.map { .object($0.templateContext) }
        context["change"] = .text(change)
        return context
    }
}

/// A labelled value: a trigger's detail, a count per status.
struct KeyValue: Sendable, TemplateConvertible {
    /// The label, as stored (a trigger field's name, a status).
    var key: String
    /// Its value as display text.
    var value: String

    var templateContext: TemplateObject { TemplateObject(["key": .text(key), "value": .text(value)]) }
}

/// A time as pages show it: `<time datetime="…">` in HTML (`partials/time`, `partials/ago`), which `site.js` shows
/// in the reader's zone (UTC with `?tz=utc`), and the UTC text with its zone written in Markdown.
struct Stamp: Sendable, TemplateConvertible {
    /// ISO 8601 in UTC (`2026-11-24T08:00:00Z`); nil when the time is unknown.
    var iso: String?
    /// `2026-11-24 08:00 UTC`, `—`, `never`, or the stored text when it cannot be read.
    var text: String
    /// Shown in a zone of its own (a schedule's): `site.js` leaves its text and puts the reader's time on hover.
    var zoned = false

    init(_ stored: StoredTime, none: String = "—") {
        iso = stored.timestamp?.iso8601
        switch stored {
        case .time(let stamp): text = stamp.shortText + " UTC"
        case .missing: text = none
        case .unreadable: text = Formatting.time(stored)
        }
    }

    init(_ stamp: Timestamp?, none: String = "—") {
        self.init(stamp.map(StoredTime.time) ?? .missing, none: none)
    }

    /// A time shown in a zone of its own (a schedule in its workflow's zone): `2026-11-24 09:00 Europe/Berlin`.
    init(_ stamp: Timestamp, zone: String?) {
        iso = stamp.iso8601
        text = Formatting.zoned(stamp, zone: zone)
        zoned = true
    }

    var templateContext: TemplateObject { TemplateObject(["iso": iso.map { .text($0) } ?? .flag(false), "text": .text(text), "zoned": .flag(zoned)]) }
}

/// A sentence with times in it (`TimedText`): a page shows each time as a `<time datetime>` in the reader's zone, a
/// Markdown page as UTC with the zone written, never as plain text in the middle of the words.
struct Phrase: Sendable, TemplateConvertible {
    /// Words, and times between them, in order.
    var pieces: [Piece]

    /// Some words or one time: `text` is empty for a time, `time` is nil for words.
    struct Piece: Sendable, TemplateConvertible {
        var text: String
        var time: Stamp?

        var templateContext: TemplateObject {
            // Both keys always set: a missing one would be looked up in the enclosing row.
            TemplateObject(["text": .text(text), "time": time.map { .object($0.templateContext) } ?? .flag(false)])
        }
    }

    init(_ text: TimedText) {
        pieces = text.pieces.map { piece in
            switch piece {
            case .text(let words): Piece(text: words, time: nil)
            case .time(let stamp): Piece(text: "", time: Stamp(stamp))
            }
        }
    }

    var templateContext: TemplateObject { TemplateObject(["pieces": .list(pieces)]) }
}

/// When an error was seen: `seen <first>` or `first <first>, last <last>`, and how many raw messages it groups.
struct Seen: Sendable, TemplateConvertible {
    /// Its first run.
    var first: Stamp
    /// Its last run; nil when it is the first.
    var last: Stamp?
    /// `3 distinct messages`; nil for one.
    var messages: String?

    var templateContext: TemplateObject {
        var context = TemplateObject(["first": .object(first.templateContext)])
        context["last"] = last.map { .object($0.templateContext) }
        context["messages"] = .text(messages)
        return context
    }
}

/// A link to an error signature's page.
struct SignatureLink: Sendable, TemplateConvertible {
    /// File name without extension, under `errors/`.
    var file: String
    /// The signature, cut to one line.
    var text: String

    var templateContext: TemplateObject { TemplateObject(["file": .text(file), "text": .text(text)]) }
}
