/// Which app stack wrote the database; it decides table and column names and how values are encoded.
public enum DatabaseLayout: String, Sendable, Codable, CaseIterable {
    /// FastAPI + SQLModel: `user`, `workflow`, `integration`, `workflowrun`; snake_case; text datetimes; `json.dumps` JSON.
    case sqlmodel
    /// Node + Prisma: `"User"`, `"Workflow"`, …; camelCase; integer-millisecond or ISO datetimes; compact JSON.
    case prisma
}

/// A value read from a column that should hold a datetime. Kept even when it could not be read, so pages can show it.
public enum StoredTime: Sendable, Hashable {
    case time(Timestamp)
    case unreadable(String)
    case missing

    public var timestamp: Timestamp? {
        if case .time(let stamp) = self { return stamp }
        return nil
    }
}

/// A value read from a column that should hold JSON: the parsed value, or the raw text when it did not parse.
public enum StoredJSON: Sendable, Hashable {
    case value(JSONValue)
    case malformed(String)
    case missing

    public var value: JSONValue? {
        if case .value(let json) = self { return json }
        return nil
    }
}

/// A row of the user table. The password hash is never read: nothing downstream can leak it.
public struct User: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var username: String
    public var email: String?
    public var createdAt: StoredTime

    public init(id: Int64, username: String, email: String?, createdAt: StoredTime) {
        self.id = id
        self.username = username
        self.email = email
        self.createdAt = createdAt
    }
}

/// A row of the workflow table.
public struct Workflow: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var description: String?
    public var naturalLanguageDescription: String
    public var structuredDefinition: StoredJSON
    public var createdAt: StoredTime
    public var updatedAt: StoredTime
    public var ownerID: Int64?

    public init(
        id: Int64, name: String, description: String?, naturalLanguageDescription: String,
        structuredDefinition: StoredJSON, createdAt: StoredTime, updatedAt: StoredTime, ownerID: Int64?
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.naturalLanguageDescription = naturalLanguageDescription
        self.structuredDefinition = structuredDefinition
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.ownerID = ownerID
    }

    /// The definition read tolerantly; a malformed or missing one reads as empty.
    public var definition: WorkflowDefinition { WorkflowDefinition(structuredDefinition.value ?? .object([])) }
}

/// A row of the integration table: one MCP server configured by one user.
public struct Integration: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var serverName: String
    public var config: StoredJSON
    public var createdAt: StoredTime
    public var ownerID: Int64?

    public init(id: Int64, serverName: String, config: StoredJSON, createdAt: StoredTime, ownerID: Int64?) {
        self.id = id
        self.serverName = serverName
        self.config = config
        self.createdAt = createdAt
        self.ownerID = ownerID
    }
}

/// A run as the statistics keep it: small, because the latest runs of every workflow are held at once.
/// Trigger and output data are not kept; pages show time, status and error.
public struct RunSummary: RunOrdered, Hashable {
    public var id: Int64
    public var triggeredAt: StoredTime
    public var status: RunStatus
    /// Truncated to `RunSummary.maximumErrorLength` characters.
    public var errorMessage: String?

    public static let maximumErrorLength = 500

    public init(id: Int64, triggeredAt: StoredTime, status: RunStatus, errorMessage: String?) {
        self.id = id
        self.triggeredAt = triggeredAt
        self.status = status
        self.errorMessage = errorMessage
    }

    /// Orders runs by time then id; runs without a readable time sort before all others.
    public var orderKey: RunOrderKey { RunOrderKey(time: triggeredAt.timestamp?.microseconds ?? .min, id: id) }
}

/// "Latest" means latest `triggered_at`, ties broken by id.
public struct RunOrderKey: Sendable, Hashable, Comparable {
    public var time: Int64
    public var id: Int64
    public init(time: Int64, id: Int64) {
        self.time = time
        self.id = id
    }
    public static func < (lhs: RunOrderKey, rhs: RunOrderKey) -> Bool {
        (lhs.time, lhs.id) < (rhs.time, rhs.id)
    }
}
