import Foundation
import WorkflowModel
@testable import WorkflowMarkdown

/// Validates front matters with the reference JSON Schema validator (`Tests/Schema/validate.py`, Python's
/// jsonschema in the test venv that `scripts/install-deps.sh test` makes) against the committed schema.
enum SchemaValidation {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schema = packageRoot.appending(path: "Schemas/workflow-file.schema.json")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The first error of each file that does not validate, by path; empty when all do.
    static func errors(inFiles paths: [String]) throws -> [String: String] {
        var members: [JSONValue.Member] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path), let json = WorkflowFileParser.frontMatterJSON(data) else {
                throw Failure(description: "\(path): no front matter")
            }
            members.append(.init(path, json))
        }
        let input = FileManager.default.temporaryDirectory.appending(path: "flowsite-schema-\(UUID().uuidString).json")
        try Data(JSONWriter.compact.write(.object(members)).utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = FileManager.default.homeDirectoryForCurrentUser.appending(path: ".cache/flowsite/venv/bin/python")
        process.arguments = [packageRoot.appending(path: "Tests/Schema/validate.py").path, schema.path, input.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "validate.py: \(problem) (run scripts/install-deps.sh test)") }
        var result: [String: String] = [:]
        var seen = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            seen += 1
            if fields.count > 1, fields[1] != "valid" { result[fields[0]] = fields.count > 2 ? fields[2] : "invalid" }
        }
        guard seen == paths.count else { throw Failure(description: "validate.py checked \(seen) of \(paths.count) files") }
        return result
    }
}
