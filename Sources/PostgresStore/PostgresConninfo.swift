import CLibPQ
import WorkflowStore

/// Reads a connection string the way libpq does (`PQconninfoParse`), for the few settings flowsite looks at
/// itself: the password file it checks, the sslmode a hint names.
enum PostgresConninfo {
    /// The value `keyword` has in `connectionString` itself (not from the environment or a service file).
    static func value(_ keyword: String, in connectionString: String) -> String? {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(connectionString, &error) else {
            if let error { PQfreemem(error) }
            return nil
        }
        defer { PQconninfoFree(options) }
        var option = options
        while let name = option.pointee.keyword {
            if String(cString: name) == keyword, let value = option.pointee.val { return String(cString: value) }
            option += 1
        }
        return nil
    }
}
