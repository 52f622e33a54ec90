/// A JSON value that keeps object keys in their stored order, so a definition reads as its author wrote it,
/// and that accepts what Python's `json.dumps` writes by default (`NaN`, `Infinity`, `-Infinity`).
/// Foundation's `JSONSerialization` loses key order and rejects those literals, hence this small type.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One key/value pair of an object; a struct (not a tuple) so objects stay `Hashable`.
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value under `key` when this is an object (the first one, as JavaScript and Python keep the last; duplicates are rare
    /// and the parser keeps the last, so both agree).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var objectMembers: [Member]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var isObject: Bool { objectMembers != nil }

    /// False when a number anywhere inside is NaN or infinite, which strict JSON cannot hold.
    public var isFinite: Bool {
        switch self {
        case .double(let number): return number.isFinite
        case .array(let items): return items.allSatisfy(\.isFinite)
        case .object(let members): return members.allSatisfy(\.value.isFinite)
        case .null, .bool, .integer, .string: return true
        }
    }

    /// `string`, `array`, … for messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .integer, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// A short text for a scalar (used in tables); containers give compact JSON.
    public var displayText: String {
        switch self {
        case .string(let text): return text
        default: return JSONWriter.compact.write(self)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { Member($0.0, $0.1) })
    }
    public init(nilLiteral: ()) { self = .null }
}
