import ArgumentParser
import Configuration
import Foundation
import Pipeline
import Redaction
import WorkflowModel
import WorkflowStore

/// `flowsite inspect`: what is in a database and what is wrong with its data.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the layout, table counts and data-quality findings of a workflow database."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON for machines instead of text.")
    var json = false

    @Option(help: ArgumentHelp("The config file whose redaction.keys are masked too (default: flowsite.yml in the working folder, when there is one).", valueName: "FILE"))
    var config: String?

    func run() throws {
        try reportingFailures {
            let settings = try FlowsiteConfig.load(explicit: config)
            let snapshot = RedactedSnapshot(try database.store().readSnapshot(asOf: .now()), extraSecretKeys: settings.secretKeys)
            if json { Console.json(InspectReport.json(snapshot)) } else { Console.out(InspectReport.text(snapshot)) }
        }
    }
}
