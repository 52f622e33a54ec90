import Testing
@testable import WorkflowModel

@Suite struct JSONTests {
    @Test func readsPythonJSONDumpsOutputWithNaNAndEscapes() throws {
        let text = #"{"score": NaN, "max": Infinity, "min": -Infinity, "title": "Crash \u2713", "emoji": "\ud83d\ude00", "n": 3, "x": 1.5}"#
        let value = try JSONParser.parse(text)
        #expect(value.objectMembers?.map(\.key) == ["score", "max", "min", "title", "emoji", "n", "x"])
        #expect(value["title"] == .string("Crash ✓"))
        #expect(value["emoji"] == .string("😀"))
        #expect(value["n"] == .integer(3))
        #expect(value["max"] == .double(.infinity))
        if case .double(let nan)? = value["score"] { #expect(nan.isNaN) } else { Issue.record("NaN not read") }
    }

    @Test func writesExactlyWhatPythonJSONDumpsWrites() throws {
        // Expected strings printed by Python 3.11: json.dumps({...}) with default arguments.
        let value: JSONValue = ["title": "Crash ✓ 😀", "ok": true, "none": nil, "list": [1, 2.5, "a\"b\\c\n"], "big": 1e16, "small": 1e-05]
        #expect(JSONWriter.python.write(value) == #"{"title": "Crash \u2713 \ud83d\ude00", "ok": true, "none": null, "list": [1, 2.5, "a\"b\\c\n"], "big": 1e+16, "small": 1e-05}"#)
        #expect(JSONWriter.compact.write(value) == #"{"title":"Crash ✓ 😀","ok":true,"none":null,"list":[1,2.5,"a\"b\\c\n"],"big":1e+16,"small":1e-05}"#)
    }

    @Test func roundTripsThroughEveryDialect() throws {
        let value: JSONValue = ["a": ["b": [["c": "ü\u{0001}"]]], "z": -0.25, "e": [], "o": [:]]
        for writer in [JSONWriter.python, .compact, .pretty] {
            #expect(try JSONParser.parse(writer.write(value)) == value)
        }
    }

    @Test(arguments: ["", "{", "{\"a\" 1}", "[1,]", "nul", "\"abc", "{\"a\":1} x", "01x", "\"\\q\""])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func boundsNestingDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }
}
