import Foundation

/// Why rendering stopped, with the file concerned (a template, a Mermaid source, an output path).
public struct RenderError: Error, Sendable, Equatable, LocalizedError {
    public enum Reason: Sendable, Equatable {
        case templates(String)
        case mermaid(String)
    }

    public var reason: Reason
    public var file: String

    public init(_ reason: Reason, file: String) {
        self.reason = reason
        self.file = file
    }

    public var errorDescription: String? {
        switch reason {
        case .templates(let detail): return "\(file): template error: \(detail)"
        case .mermaid(let detail): return "\(file): \(detail)"
        }
    }
}
