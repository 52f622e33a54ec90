import Foundation
import Redaction
import Testing
@testable import SiteRenderer

/// A misspelt key renders empty without any error in Mustache, so this test reads every template's keys and checks
/// them against the fields of the page's view model (built from the demo, where every list has rows).
@Suite struct TemplateKeyTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appending(path: "Templates")

    /// Names used in `{{name}}`, `{{{name}}}`, `{{#name}}`, `{{^name}}` (dotted names by their first part).
    static func keys(in template: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\{\{\{?\s*[#^/]?\s*([A-Za-z_][A-Za-z0-9_]*)"#)
        let range = NSRange(template.startIndex..., in: template)
        return Set(pattern.matches(in: template, range: range).compactMap { Range($0.range(at: 1), in: template).map { String(template[$0]) } })
    }

    /// Every field label in a value and in what it holds (the first element of each list).
    static func labels(of value: Any) -> (top: Set<String>, all: Set<String>) {
        var all = Set<String>()
        func walk(_ value: Any) {
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional?: mirror.children.first.map { walk($0.value) }
            case .collection?: mirror.children.first.map { walk($0.value) }
            default:
                for child in mirror.children {
                    if let label = child.label { all.insert(label) }
                    walk(child.value)
                }
            }
        }
        walk(value)
        return (Set(Mirror(reflecting: value).children.compactMap(\.label)), all)
    }

    static func source(_ name: String) throws -> String {
        try String(contentsOf: templates.appending(path: name + ".mustache"), encoding: .utf8)
    }

    @Test(arguments: PageKind.allCases)
    func everyKeyNamesAFieldAndEveryFieldIsUsed(_ kind: PageKind) throws {
        // Table pages exist for large schemas only; the quality page needs a finding to fill its rows.
        let database = try kind == .table ? RenderFixture.bigSchemaDatabase() : kind == .quality ? RenderFixture.demoDatabaseWithAFinding() : RenderFixture.demoDatabase()
        let snapshot = try RenderFixture.snapshot(database)
        let pages = SiteBuilder(snapshot: RedactedSnapshot(snapshot), options: RenderOptions(showEmails: true)).pages()
        let page = try #require(pages.first { $0.kind == kind })
        let (top, all) = Self.labels(of: page.makeModel())
        let partialKeys = Self.keys(in: try Self.source("partials/workflow-link.html")).union(Self.keys(in: try Self.source("partials/workflow-link.md")))
        var used = Set<String>()
        for format in ["html", "md"] {
            let keys = Self.keys(in: try Self.source("\(kind.rawValue).\(format)"))
            used.formUnion(keys)
            for key in keys where !all.contains(key) && !partialKeys.contains(key) {
                Issue.record("\(kind.rawValue).\(format).mustache uses {{\(key)}}, which \(type(of: page.makeModel())) does not have")
            }
        }
        // `root` is on every page model by design, for links; a page without links does not need it.
        for field in top where !used.contains(field) && field != "root" {
            Issue.record("\(type(of: page.makeModel())).\(field) is not used by \(kind.rawValue).html or \(kind.rawValue).md")
        }
    }

    @Test func theLayoutsUseOnlyTheirContext() throws {
        let layout = LayoutContext(root: "", pageTitle: "", siteTitle: "", nav: [.init(title: "", href: "", current: true)], content: "", asOf: "", sourceName: "", layout: "",
                                   canonical: "", mermaidModule: "", mermaidScript: "", contentSecurityPolicy: "")
        let (_, all) = Self.labels(of: layout)
        for name in ["layout.html", "layout.md"] {
            for key in Self.keys(in: try Self.source(name)) where !all.contains(key) {
                Issue.record("\(name).mustache uses {{\(key)}}, which LayoutContext does not have")
            }
        }
    }

    /// Hot rows write their Mustache context by hand (`TemplateConvertible`, for speed); a field left out of it
    /// renders empty without any error, so every field that has a value must be a key.
    @Test func handWrittenContextsHaveEveryField() throws {
        let snapshot = try RenderFixture.snapshot(try RenderFixture.demoDatabase())
        var checked = 0
        func walk(_ wrapped: Any) {
            guard let value = TemplateContext.unwrapOptional(wrapped) else { return }
            if let convertible = value as? TemplateConvertible {
                let keys = Set(convertible.templateContext.keys)
                let fields = Mirror(reflecting: value).children.filter { TemplateContext.unwrapOptional($0.value) != nil }.compactMap(\.label)
                for field in fields where !keys.contains(field) {
                    Issue.record("\(type(of: value)).templateContext leaves out \(field)")
                }
                checked += 1
            }
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional?, .collection?: mirror.children.prefix(3).forEach { walk($0.value) }
            default: mirror.children.forEach { walk($0.value) }
            }
        }
        let pages = SiteBuilder(snapshot: RedactedSnapshot(snapshot), options: RenderOptions(showEmails: true)).pages()
        for kind in PageKind.allCases {
            if let page = pages.first(where: { $0.kind == kind }) { walk(page.makeModel()) }
        }
        walk(LayoutContext(root: "", pageTitle: "", siteTitle: "", nav: [.init(title: "", href: "", current: true)], content: "", asOf: "", sourceName: "",
                           layout: "", canonical: "", mermaidModule: "", mermaidScript: "", contentSecurityPolicy: ""))
        #expect(checked > 0)
    }
}
