import Foundation

/// A cell as it crosses the store's seam, whichever database it came from or goes to: the currency of
/// `SnapshotQueries` and `CellDecoder`, and what `LayoutEncoding` writes. Each driver converts its own cells into it
/// (SQLite's through GRDB, PostgreSQL's from libpq's bytes), so nothing above a driver imports a driver's library.
/// The cases mirror SQLite's storage classes, which the tolerant decoder was written against.
package enum CellValue: Sendable, Equatable {
    case null
    case int64(Int64)
    case double(Double)
    case string(String)
    case blob(Data)

    package var isNull: Bool { self == .null }

    /// The text of a text cell (what a PostgreSQL bind takes); nil for any other kind.
    package var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
