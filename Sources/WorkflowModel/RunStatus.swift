/// A run's status, grouped case-insensitively. The app writes free text; other writers vary in spelling.
public enum RunStatus: Sendable, Hashable, Comparable {
    case success(String)
    case failure(String)
    case inProgress(String)
    /// Any other status (for example `cancelled`), kept under its own lowercased name.
    case other(String)

    public init(_ text: String) {
        let name = text.trimmedWhitespace.lowercased()
        switch name {
        case "completed", "success", "succeeded": self = .success(name)
        case "failed", "error": self = .failure(name)
        case "running", "queued", "pending": self = .inProgress(name)
        default: self = .other(name)
        }
    }

    /// The lowercased status as stored.
    public var name: String {
        switch self {
        case .success(let name), .failure(let name), .inProgress(let name), .other(let name): return name
        }
    }

    public var outcome: RunOutcome {
        switch self {
        case .success: return .success
        case .failure: return .failure
        case .inProgress: return .inProgress
        case .other: return .other
        }
    }

    /// Statuses the app writes that are neither success, failure nor in progress: a run someone stopped. Counted
    /// as `other`, like any status outside the three groups, but not a data-quality finding.
    public static let knownOtherNames: Set<String> = ["cancelled", "canceled"]

    /// The status the app's design names (or the app is known to write); others are data-quality findings.
    public var isKnown: Bool {
        if case .other(let name) = self { return Self.knownOtherNames.contains(name) }
        return true
    }
}

/// The four groups that statistics count. Success rate = successes / finished (everything not in progress).
public enum RunOutcome: String, Sendable, CaseIterable, Codable {
    case success, failure, inProgress = "in_progress", other

    public var isFinished: Bool { self != .inProgress }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    public var trimmedWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
