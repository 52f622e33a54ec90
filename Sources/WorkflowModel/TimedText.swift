/// A sentence with instants in it, kept apart from the words so each output writes them its own way: a page as a
/// `<time datetime>` the reader sees in their own zone, Markdown and `flowsite check` as UTC with the zone written.
/// Written as a string literal: `"no run since \(time: last)"`.
public struct TimedText: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public enum Piece: Sendable, Hashable {
        case text(String)
        case time(Timestamp)
    }

    public var pieces: [Piece]

    public init(pieces: [Piece]) {
        self.pieces = pieces
    }

    public init(stringLiteral value: String) {
        pieces = value.isEmpty ? [] : [.text(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        pieces = stringInterpolation.pieces
    }

    /// Each instant as `2026-11-24 08:00 UTC`: what `check`, the feed and `stats.json` say.
    public var description: String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .time(let stamp): stamp.shortText + " UTC"
            }
        }.joined()
    }

    public static func + (lhs: TimedText, rhs: TimedText) -> TimedText {
        TimedText(pieces: lhs.pieces + rhs.pieces)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            guard !literal.isEmpty else { return }
            if case .text(let before)? = pieces.last {
                pieces[pieces.count - 1] = .text(before + literal)
            } else {
                pieces.append(.text(literal))
            }
        }

        /// Anything else as a string interpolation writes it.
        public mutating func appendInterpolation(_ value: some Any) {
            appendLiteral("\(value)")
        }

        public mutating func appendInterpolation(time: Timestamp) {
            pieces.append(.time(time))
        }
    }
}
