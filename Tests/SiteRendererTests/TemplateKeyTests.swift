import Foundation
import Testing
@testable import SiteRenderer

/// A misspelt key renders empty without any error in Mustache. These tests walk every bundled template, section by
/// section as Mustache resolves names, against the context its page model's hand-written conversion makes from a
/// model with every field filled (`FullPageModels`), and check that no conversion leaves a field out.
@Suite struct TemplateKeyTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appending(path: "Templates")

    static func source(_ name: String) throws -> String {
        try String(contentsOf: templates.appending(path: name + ".mustache"), encoding: .utf8)
    }

    /// Names used in `{{name}}`, `{{{name}}}`, `{{#name}}`, `{{^name}}` (dotted names by their first part).
    static func keys(in template: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"\{\{\{?\s*[#^/]?\s*([A-Za-z_][A-Za-z0-9_]*)"#)
        let range = NSRange(template.startIndex..., in: template)
        return Set(pattern.matches(in: template, range: range).compactMap { Range($0.range(at: 1), in: template).map { String(template[$0]) } })
    }

    /// A tag: its sigil (`#`, `^`, `/`, `>`, `!`, `%`, `&`, or empty for a variable) and its name.
    struct Tag {
        var sigil: String
        var name: String
    }

    /// Every tag of a template in order, partials inlined where they are included.
    static func tags(in template: String) throws -> [Tag] {
        let pattern = try! NSRegularExpression(pattern: #"\{\{(\{)?\s*([#^/>&!%]?)\s*(.*?)\s*\}?\}\}"#, options: .dotMatchesLineSeparators)
        var tags: [Tag] = []
        for match in pattern.matches(in: template, range: NSRange(template.startIndex..., in: template)) {
            let sigil = Range(match.range(at: 2), in: template).map { String(template[$0]) } ?? ""
            let name = Range(match.range(at: 3), in: template).map { String(template[$0]) } ?? ""
            if sigil == ">" {
                tags += try Self.tags(in: try source(name))
            } else if sigil != "!" && sigil != "%" {
                tags.append(Tag(sigil: sigil, name: name))
            }
        }
        return tags
    }

    /// The names a template looks up that the context does not provide, resolved as Mustache does: the innermost
    /// section's object first, then each enclosing one; a list section enters its first item.
    static func missingKeys(in template: String, context: TemplateObject) throws -> [String] {
        var frames: [TemplateObject?] = [context]
        var missing: [String] = []
        func lookup(_ name: String) -> TemplateValue? {
            let parts = name.split(separator: ".").map(String.init)
            guard let first = parts.first else { return nil }
            guard var value = frames.reversed().lazy.compactMap({ $0?[first] }).first else { return nil }
            for part in parts.dropFirst() {
                guard case .object(let object) = value, let inner = object[part] else { return nil }
                value = inner
            }
            return value
        }
        for tag in try tags(in: template) {
            switch tag.sigil {
            case "#":
                let value = lookup(tag.name)
                if value == nil { missing.append(tag.name) }
                switch value {
                case .object(let object)?: frames.append(object)
                case .list(let items)?:
                    if case .object(let object)? = items.first { frames.append(object) } else { frames.append(nil) }
                default: frames.append(nil)
                }
            case "^":
                if lookup(tag.name) == nil { missing.append(tag.name) }
                frames.append(nil)
            case "/":
                frames.removeLast()
            default:
                if tag.name != ".", lookup(tag.name) == nil { missing.append(tag.name) }
            }
        }
        return missing
    }

    @Test(arguments: PageKind.allCases)
    func everyKeyIsInTheContextAndEveryFieldIsUsed(_ kind: PageKind) throws {
        let model = FullPageModels.model(of: kind)
        var used = Set<String>()
        for format in ["html", "md"] {
            let template = try Self.source("\(kind.rawValue).\(format)")
            used.formUnion(Self.keys(in: template))
            for key in try Self.missingKeys(in: template, context: model.templateContext) {
                Issue.record("\(kind.rawValue).\(format).mustache uses {{\(key)}}, which \(type(of: model)).templateContext does not provide there")
            }
        }
        // `root` is on every page model by design, for links; a page without links does not need it.
        for field in model.templateContext.keys where !used.contains(field) && field != "root" {
            Issue.record("\(type(of: model)).\(field) is not used by \(kind.rawValue).html or \(kind.rawValue).md")
        }
    }

    @Test func theLayoutsUseOnlyTheirContext() throws {
        for name in ["layout.html", "layout.md"] {
            for key in try Self.missingKeys(in: try Self.source(name), context: FullPageModels.layout.templateContext) {
                Issue.record("\(name).mustache uses {{\(key)}}, which LayoutContext does not provide there")
            }
        }
    }

    /// The checker itself: a misspelt key, a key outside its section and a key of the enclosing context.
    @Test func theCheckerFindsAKeyItsContextDoesNotProvide() throws {
        let context = FullPageModels.quality.templateContext
        #expect(try Self.missingKeys(in: "{{#findings}}{{tabel}}{{/findings}}", context: context) == ["tabel"])
        #expect(try Self.missingKeys(in: "{{table}}{{#findings}}{{table}}{{root}}{{/findings}}", context: context) == ["table"])
        #expect(try Self.missingKeys(in: "{{^findings}}none{{/findings}}{{#findings}}{{> partials/workflow-link.html}}{{/findings}}", context: context) == ["exists", "file", "name", "exists", "name"])
    }

    /// Both renderers take every template with its full model; the bundled path is the one a site uses.
    @Test(arguments: PageKind.allCases)
    func everyTemplateRendersItsFullModel(_ kind: PageKind) throws {
        let library = try TemplateLibrary(overrides: nil)
        let context = TemplateValue.object(FullPageModels.model(of: kind).templateContext)
        for format in ["html", "md"] {
            let compiled = String(decoding: try library.render(context, template: "\(kind.rawValue).\(format)"), as: UTF8.self)
            #expect(compiled == (try library.renderWithMustache(context, template: "\(kind.rawValue).\(format)")))
            #expect(!compiled.isEmpty)
        }
    }

    /// The fixture fills, for each kind, the model whose type names that kind (and so its templates).
    @Test(arguments: PageKind.allCases)
    func theFixtureFillsTheModelOfEachKind(_ kind: PageKind) {
        #expect(type(of: FullPageModels.model(of: kind)).kind == kind)
    }

    /// Every conversion is written by hand; a field left out of it renders empty without any error, so every field
    /// of every model and row must be a key of its context. Reflection is fine here: it reads the fixture, not a page.
    @Test func noConversionLeavesOutAField() {
        var checked = Set<String>()
        func walk(_ value: Any, path: String) {
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional?:
                guard let wrapped = mirror.children.first else {
                    Issue.record("\(path) is nil in FullPageModels")
                    return
                }
                walk(wrapped.value, path: path)
            case .collection?:
                guard let first = mirror.children.first else {
                    Issue.record("\(path) is empty in FullPageModels")
                    return
                }
                walk(first.value, path: path + "[0]")
            default:
                guard let convertible = value as? TemplateConvertible else { return }
                let keys = Set(convertible.templateContext.keys)
                for child in mirror.children {
                    guard let label = child.label else { continue }
                    if !keys.contains(label) { Issue.record("\(type(of: value)).templateContext leaves out \(label) (\(path))") }
                    walk(child.value, path: path + "." + label)
                }
                checked.insert(String(reflecting: type(of: value)))
            }
        }
        for kind in PageKind.allCases { walk(FullPageModels.model(of: kind), path: kind.rawValue) }
        walk(FullPageModels.layout, path: "layout")
        #expect(checked.count == 47, "\(checked.sorted())")
    }
}
