import WorkflowModel

/// The JSON Schema (draft-07, what YAML language servers read best) of a workflow file's front matter, made from the
/// same lists and parsers import uses: trigger types, condition operators, cron syntax (`CronSchedule.pattern`),
/// the front matter's own keys. `Schemas/workflow-file.schema.json` in the repository is this text (a test keeps
/// them equal), and export writes it beside the files it exports as `workflow.schema.json`, which every exported
/// file names in a `yaml-language-server` modeline, so an editor completes and checks the front matter offline.
///
/// What a schema cannot say stays with import: duplicate action ids, a backwards cron range, an unknown time zone,
/// a `name:` taken from the body's heading, owners and integrations in the database. Extra keys are allowed
/// (the format keeps them); their typos are import's warnings.
public enum WorkflowFileSchema {
    /// The schema's file name in an export folder, and what each exported file's modeline points at.
    public static let fileName = "workflow.schema.json"

    /// The comment lines an exported file's front matter starts with: `yaml-language-server`'s modeline (VS Code's
    /// YAML extension, Neovim, Helix, Zed…) and the `$schema` comment JetBrains IDEs read.
    public static let modelines = "# yaml-language-server: $schema=\(fileName)\n# $schema: \(fileName)\n"

    /// The schema as the file holds it: pretty JSON, keys in a fixed order, one final newline.
    public static var text: String { JSONWriter.pretty.write(document) + "\n" }

    static var document: JSONValue {
        let nonBlank: JSONValue = .string("[^ \\t\\n\\r]")
        let ownKeys = ["id", "name", "owner", "description", WorkflowDocument.storedDefinitionKey, WorkflowDocument.storedDefinitionTextKey]
        return [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "flowsite workflow file (front matter)",
            "description": "The YAML front matter of a workflow Markdown file, as `flowsite import` reads it and `flowsite export` writes it. The body after the closing --- is the natural-language description.",
            "type": "object",
            "properties": [
                "id": ["description": "The workflow's id; written by export. Leave it out for a new workflow.", "type": "integer", "minimum": 1],
                "name": ["description": "The workflow's name; without it, the body's first '# heading' is the name.", "type": "string"],
                "owner": ["description": "A username of the app; import never creates users (or pass --owner).", "type": "string", "minLength": 1],
                "description": ["description": "A short summary.", "type": ["string", "null"]],
                "trigger": ["$ref": "#/definitions/trigger"],
                "conditions": ["description": "All must hold.", "type": "array", "items": ["$ref": "#/definitions/condition"]],
                "actions": ["description": "Run in order; none makes the workflow a draft.", "type": "array", "items": ["$ref": "#/definitions/action"]],
                WorkflowDocument.storedDefinitionKey: ["description": "The whole definition exactly as stored, when the format cannot express it; written by export."],
                WorkflowDocument.storedDefinitionTextKey: ["description": "The stored text of a definition that is not JSON; written by export.", "type": "string"],
            ],
            "allOf": [
                // An exported file may name its workflow by id with whatever name the app stored, even an empty one.
                ["if": ["required": ["id"]], "else": ["properties": ["name": ["pattern": nonBlank]]]],
                ["not": ["required": [.string(WorkflowDocument.storedDefinitionKey), .string(WorkflowDocument.storedDefinitionTextKey)]]],
                [
                    "if": ["anyOf": [["required": [.string(WorkflowDocument.storedDefinitionKey)]], ["required": [.string(WorkflowDocument.storedDefinitionTextKey)]]]],
                    "then": ["propertyNames": ["enum": .array(ownKeys.map(JSONValue.string))]],
                ],
            ],
            "definitions": [
                "trigger": trigger,
                "condition": condition(nonBlank: nonBlank),
                "action": [
                    "type": "object",
                    "required": ["integration", "tool"],
                    "properties": [
                        "id": ["description": "Optional, unique within the workflow."],
                        "integration": ["description": "The server_name of one of the owner's MCP integrations.", "type": "string", "minLength": 1],
                        "tool": ["description": "The MCP tool to call.", "type": "string", "minLength": 1],
                        "arguments": ["description": "The tool's arguments; any JSON."],
                    ],
                ],
            ],
        ]
    }

    static var trigger: JSONValue {
        [
            "description": "Exactly one trigger.",
            "type": "object",
            "required": ["type"],
            "properties": [
                "type": ["enum": .array(WorkflowDefinition.triggerTypes.map(JSONValue.string))],
                "cron": ["description": .string("schedule: five fields (minute hour day month weekday) or " + DefinitionRules.cronAliases.joined(separator: ", "))],
                "timezone": ["description": "schedule: an IANA time zone name (Europe/Berlin); default UTC.", "examples": ["UTC", "Europe/Berlin", "America/New_York"]],
                "integration": ["description": "event: the server_name of the integration that emits the event."],
                "event": ["description": "event: the event's name (issues.opened)."],
                "path": ["description": "webhook: an optional path."],
            ],
            "allOf": [
                [
                    "if": ["properties": ["type": ["const": "schedule"]]],
                    "then": [
                        "required": ["cron"],
                        "properties": [
                            "cron": [
                                "type": "string", "pattern": .string(CronSchedule.pattern),
                                // Shown by editors using VS Code's JSON language service instead of the pattern itself.
                                "patternErrorMessage": .string("not a cron expression flowsite reads: five fields (minute 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC, weekday 0-7 or SUN-SAT; *, a-b, */n, lists) or one of " + DefinitionRules.cronAliases.joined(separator: ", ")),
                            ],
                            "timezone": ["type": ["string", "null"]],
                        ],
                    ],
                ],
                [
                    "if": ["properties": ["type": ["const": "event"]]],
                    "then": ["required": ["integration", "event"], "properties": ["integration": ["type": "string"], "event": ["type": "string"]]],
                ],
            ],
        ]
    }

    static func condition(nonBlank: JSONValue) -> JSONValue {
        [
            "description": "A comparison (field, op, value) or an expression under 'if'.",
            "type": "object",
            "properties": [
                "field": ["description": "What to test (trigger.issue.labels).", "type": "string"],
                "op": ["enum": .array(WorkflowDefinition.conditionOperators.map(JSONValue.string))],
                "value": ["description": "Needed unless op is exists."],
                "if": ["description": "An expression, as the app's converter writes it (len(fetch.items) > 0)."],
            ],
            "anyOf": [
                [
                    "required": ["if"], "not": ["anyOf": [["required": ["field"]], ["required": ["op"]]]],
                    "properties": ["if": ["type": "string", "pattern": nonBlank]],
                ],
                ["required": ["field", "op"], "if": ["properties": ["op": ["const": "exists"]]], "else": ["required": ["value"]]],
            ],
        ]
    }
}
