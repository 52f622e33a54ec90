import Testing
@testable import WorkflowModel

@Suite struct WorkflowDefinitionTests {
    @Test func readsTheCanonicalShape() throws {
        let definition = WorkflowDefinition(try JSONParser.parse(#"{"trigger": {"type": "event", "integration": "gh", "event": "issues.opened"}, "conditions": [{"field": "a.b", "op": "contains", "value": "bug"}], "actions": [{"id": "x", "integration": "gh", "tool": "add_labels", "arguments": {"labels": ["t"]}}, {"integration": "slack", "tool": "post"}]}"#))
        #expect(definition.trigger?.type == "event")
        #expect(definition.trigger?.integration == "gh")
        #expect(definition.conditions == [.init(field: "a.b", op: "contains", value: "bug")])
        #expect(definition.actions.map(\.tool) == ["add_labels", "post"])
        #expect(definition.referencedServers == ["gh", "slack"])
    }

    @Test func toleratesAliasesBareStringsAndNonObjects() throws {
        let aliased = WorkflowDefinition(try JSONParser.parse(#"{"trigger": "manual", "steps": [{"server": "s1", "name": "t1", "args": {"a": 1}}, {"mcp_server": "s2", "tool": "t2", "params": []}, "free text"]}"#))
        #expect(aliased.trigger?.type == "manual")
        #expect(aliased.actions.map(\.integration) == ["s1", "s2", nil])
        #expect(aliased.actions.map(\.tool) == ["t1", "t2", "free text"])
        #expect(aliased.actions[0].arguments == ["a": 1])
        for odd in ["{}", "[1,2]", "42", "null", "\"text\""] {
            let definition = WorkflowDefinition(try JSONParser.parse(odd))
            #expect(definition.trigger == nil && definition.actions.isEmpty)
        }
    }

    @Test func groupsStatusesCaseInsensitively() {
        #expect(RunStatus("Completed").outcome == .success)
        #expect(RunStatus(" SUCCEEDED ").outcome == .success)
        #expect(RunStatus("error").outcome == .failure)
        #expect(RunStatus("Queued").outcome == .inProgress)
        #expect(RunStatus("Cancelled") == .other("cancelled"))
    }
}
