import GRDB
import WorkflowStore

/// SQLite's cells through GRDB, both ways: read into the seam's currency, and written as statement arguments.
extension CellValue: DatabaseValueConvertible {
    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .int64(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .blob(let data): self = .blob(data)
        }
    }

    package var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .int64(let number): return number.databaseValue
        case .double(let number): return number.databaseValue
        case .string(let text): return text.databaseValue
        case .blob(let data): return data.databaseValue
        }
    }

    package static func fromDatabaseValue(_ dbValue: DatabaseValue) -> CellValue? { CellValue(dbValue) }
}
