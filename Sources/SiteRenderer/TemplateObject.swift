/// Named fields in order. Objects hold a handful of keys, so a linear scan beats hashing the key on every lookup.
struct TemplateObject: Sendable {
    struct Field: Sendable {
        var key: String
        var value: TemplateValue
    }

    private(set) var fields: [Field] = []

    init(_ pairs: KeyValuePairs<String, TemplateValue> = [:]) {
        fields.reserveCapacity(pairs.count)
        for (key, value) in pairs { fields.append(Field(key: key, value: value)) }
    }

    var keys: [String] { fields.map(\.key) }

    subscript(key: String) -> TemplateValue? {
        get {
            for field in fields where field.key == key { return field.value }
            return nil
        }
        set {
            if let position = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[position].value = newValue } else { fields.remove(at: position) }
            } else if let newValue {
                fields.append(Field(key: key, value: newValue))
            }
        }
    }
}
