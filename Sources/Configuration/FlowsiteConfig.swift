import Foundation
import WorkflowModel
import Yams

/// `flowsite.yml`: defaults for `render`, extra secret key names, thresholds and the gates of `flowsite check`.
/// Found in the working folder or given by `--config`; command-line flags override it. Every key is known: an
/// unknown key or a value of the wrong type is an error naming the file, line and column, never silently ignored.
///
///     render: { title: Team workflows, base_url: https://ops.example.com/flows/, formats: [html, md], mermaid: bundled }
///     redaction: { keys: [internal_ref] }
///     thresholds: { flaky_flip_rate: 0.2, unreliable_failure_rate: 0.2 }
///     gates:
///       max_failure_streak: 3
///       min_success_rate: { rate: 0.8, window_days: 7, min_runs: 10 }
///       max_late_workflows: 0
///       max_stuck_runs: 0
///       max_unreliable_servers: 0
///       workflows:
///         - { name: Nightly export, max_failure_streak: 10 }
///         - { id: 12, skip: true }
public struct FlowsiteConfig: Sendable, Equatable {
    public var title: String?
    public var baseURL: String?
    public var formats: [String]?
    public var templates: String?
    public var mermaid: String?
    public var secretKeys: [String] = []
    /// `thresholds.feed_min_streak`: failures in a row from which a streak gets a feed entry; nil keeps the default.
    public var feedMinimumStreak: Int?
    public var gates = GateSettings()
    /// The file it came from; nil for the defaults.
    public var path: String?

    public init() {}

    public static let fileName = "flowsite.yml"

    public struct ConfigError: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(path):\(line):\(column): \(message)" }
    }

    /// `explicit` when given (it must exist), else `flowsite.yml` in `folder` when there is one, else the defaults.
    public static func load(explicit: String?, folder: String = FileManager.default.currentDirectoryPath) throws(ConfigError) -> FlowsiteConfig {
        let path: String
        if let explicit {
            path = explicit
        } else {
            let candidate = URL(fileURLWithPath: folder).appending(path: fileName).path
            guard FileManager.default.fileExists(atPath: candidate) else { return FlowsiteConfig() }
            path = candidate
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, line: 1, column: 1, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, line: 1, column: 1, message: "not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(ConfigError) -> FlowsiteConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.error(from: error, path: path)
        } catch {
            throw ConfigError(path: path, line: 1, column: 1, message: "YAML error: \(error)")
        }
        var config = FlowsiteConfig()
        config.path = path
        guard let root else { return config }
        let reader = Reader(path: path)
        for (key, value) in try reader.mapping(root, allowed: ["render", "redaction", "thresholds", "gates"]) {
            switch key {
            case "render":
                for (key, value) in try reader.mapping(value, allowed: ["title", "base_url", "formats", "templates", "mermaid"]) {
                    switch key {
                    case "title": config.title = try reader.string(value)
                    case "base_url": config.baseURL = try reader.string(value)
                    case "templates": config.templates = try reader.string(value)
                    case "mermaid": config.mermaid = try reader.string(value)
                    default:
                        let formats = try reader.strings(value)
                        for format in formats where !["html", "md"].contains(format) {
                            throw reader.failure(value, "formats are html and md, not '\(format)'")
                        }
                        config.formats = formats
                    }
                }
            case "redaction":
                for (_, value) in try reader.mapping(value, allowed: ["keys"]) { config.secretKeys = try reader.strings(value) }
            case "thresholds":
                for (key, value) in try reader.mapping(value, allowed: ["flaky_flip_rate", "unreliable_failure_rate", "late_grace", "feed_min_streak"]) {
                    switch key {
                    case "feed_min_streak": config.feedMinimumStreak = try reader.count(value)
                    case "late_grace": config.gates.lateGraceSeconds = try reader.duration(value)
                    case "flaky_flip_rate": config.gates.flakyFlipRate = try reader.fraction(value)
                    default: config.gates.unreliableFailureRate = try reader.fraction(value)
                    }
                }
            default:
                try readGates(value, reader: reader, into: &config.gates)
            }
        }
        return config
    }

    private static func readGates(_ node: Node, reader: Reader, into gates: inout GateSettings) throws(ConfigError) {
        let keys = ["max_failure_streak", "min_success_rate", "max_late_workflows", "max_unreadable_schedules", "max_stuck_runs", "max_unreliable_servers", "workflows"]
        for (key, value) in try reader.mapping(node, allowed: keys) {
            switch key {
            case "max_failure_streak": gates.maxFailureStreak = try reader.count(value)
            case "max_late_workflows": gates.maxLateWorkflows = try reader.count(value)
            case "max_unreadable_schedules": gates.maxUnreadableSchedules = try reader.count(value)
            case "max_stuck_runs": gates.maxStuckRuns = try reader.count(value)
            case "max_unreliable_servers": gates.maxUnreliableServers = try reader.count(value)
            case "min_success_rate":
                if value.scalar?.string == "off" || value.scalar?.string == "null" || value.scalar?.string == "~" {
                    gates.minSuccessRate = nil
                    continue
                }
                for (key, part) in try reader.mapping(value, allowed: ["rate", "window_days", "min_runs"]) {
                    switch key {
                    case "rate": gates.minSuccessRate = try reader.fraction(part)
                    case "window_days":
                        let days = try reader.count(part)
                        guard (1...30).contains(days) else { throw reader.failure(part, "window_days is 1 to 30, not \(days)") }
                        gates.successWindowDays = days
                    default: gates.minRuns = try reader.count(part)
                    }
                }
            default:
                guard let items = value.sequence else { throw reader.failure(value, "workflows is a list of {id or name, limits}") }
                for item in items {
                    var override: GateSettings.WorkflowOverride?
                    var limits: [(String, Node)] = []
                    let location = reader.location(of: item)
                    for (key, part) in try reader.mapping(item, allowed: ["id", "name", "max_failure_streak", "min_success_rate", "late_grace", "skip"]) {
                        switch key {
                        case "id": override = .init(match: .id(Int64(try reader.count(part))), location: location)
                        case "name": override = .init(match: .name(try reader.string(part)), location: location)
                        default: limits.append((key, part))
                        }
                    }
                    guard var found = override else { throw reader.failure(item, "a workflow override needs 'id' or 'name'") }
                    for (key, part) in limits {
                        switch key {
                        case "max_failure_streak": found.maxFailureStreak = try reader.count(part)
                        case "min_success_rate": found.minSuccessRate = try reader.fraction(part)
                        case "late_grace": found.lateGraceSeconds = try reader.duration(part)
                        default: found.skip = try reader.bool(part)
                        }
                    }
                    gates.overrides.append(found)
                }
            }
        }
    }

    static func error(from error: YamlError, path: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigError(path: path, line: mark.line, column: mark.column, message: "YAML error: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(path: path, line: context.mark.line, column: context.mark.column, message: "duplicate key '\(duplicates.first ?? "")'")
        default:
            return ConfigError(path: path, line: 1, column: 1, message: "YAML error: \(error)")
        }
    }

    /// Typed reads that point at the node when the type is wrong.
    struct Reader {
        let path: String

        func failure(_ node: Node, _ message: String) -> ConfigError {
            ConfigError(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
        }

        func mapping(_ node: Node, allowed: [String]) throws(ConfigError) -> [(String, Node)] {
            guard let mapping = node.mapping else { throw failure(node, "expected a mapping of \(allowed.joined(separator: ", "))") }
            var pairs: [(String, Node)] = []
            for (key, value) in mapping {
                guard let name = key.scalar?.string, allowed.contains(name) else {
                    throw failure(key, "unknown key '\(key.scalar?.string ?? "?")' (known here: \(allowed.joined(separator: ", ")))")
                }
                pairs.append((name, value))
            }
            return pairs
        }

        func string(_ node: Node) throws(ConfigError) -> String {
            guard let scalar = node.scalar else { throw failure(node, "expected text") }
            return scalar.string
        }

        func strings(_ node: Node) throws(ConfigError) -> [String] {
            guard let items = node.sequence else { throw failure(node, "expected a list") }
            var result: [String] = []
            for item in items { result.append(try string(item)) }
            return result
        }

        func count(_ node: Node) throws(ConfigError) -> Int {
            guard let text = node.scalar?.string, let value = Int(text), value >= 0 else { throw failure(node, "expected a whole number ≥ 0, not '\(node.scalar?.string ?? "a collection")'") }
            return value
        }

        func fraction(_ node: Node) throws(ConfigError) -> Double {
            guard let text = node.scalar?.string, let value = Double(text), (0...1).contains(value) else {
                throw failure(node, "expected a fraction from 0 to 1, not '\(node.scalar?.string ?? "a collection")'")
            }
            return value
        }

        /// `file:line:column` of a node, for errors found later (an override that names no workflow).
        func location(of node: Node) -> String { "\(path):\(node.mark?.line ?? 1):\(node.mark?.column ?? 1)" }

        /// `90s`, `30m`, `2h`, `1h30m`, `1d`, or a number of seconds.
        func duration(_ node: Node) throws(ConfigError) -> Int64 {
            guard let text = node.scalar?.string.trimmingCharacters(in: .whitespaces), !text.isEmpty else { throw failure(node, "expected a duration like 30m, 2h or 90s") }
            if let seconds = Int64(text), seconds >= 0 { return seconds }
            var total: Int64 = 0, digits = ""
            for character in text {
                if character.isASCII, character.isNumber {
                    digits.append(character)
                    continue
                }
                let unit: Int64? = switch character { case "s": 1; case "m": 60; case "h": 3_600; case "d": 86_400; default: nil }
                guard let unit, let value = Int64(digits), value <= 1_000_000 else { throw failure(node, "expected a duration like 30m, 2h or 90s, not '\(text)'") }
                total += value * unit
                digits = ""
            }
            guard digits.isEmpty else { throw failure(node, "expected a duration like 30m, 2h or 90s, not '\(text)' (a number needs a unit: s, m, h or d)") }
            return total
        }

        func bool(_ node: Node) throws(ConfigError) -> Bool {
            switch node.scalar?.string {
            case "true": return true
            case "false": return false
            default: throw failure(node, "expected true or false")
            }
        }
    }
}
