using Platform.Pipelines.Loading;

namespace Platform.Pipelines.Tests.Loading;

/// <summary>Every kind of validation error, each with the exact file, line and column it names.</summary>
public class ValidationErrorTests
{
    private static List<string> Errors(string yaml)
    {
        var result = PipelineLoader.Load(yaml, "p.yaml");
        Assert.False(result.IsValid, "expected errors");
        Assert.Null(result.Pipeline);
        return result.Errors.Select(e => e.ToString()).ToList();
    }

    private static void AssertError(string yaml, string location, string fragment)
    {
        var errors = Errors(yaml);
        Assert.True(errors.Any(e => e.StartsWith($"p.yaml:{location}: error: ", StringComparison.Ordinal) && e.Contains(fragment, StringComparison.Ordinal)),
            $"expected an error at {location} containing '{fragment}', got:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void Invalid_yaml_is_reported_where_the_parser_stopped() =>
        AssertError("id: x\nsteps:\n  - { id: a, run: echo\n", "4:1", "a '{ … }' mapping is not closed");

    [Fact]
    public void A_misindented_line_is_explained_for_a_pipeline_author() =>
        AssertError("id: x\nsteps:\n  - id: a\n     run: echo hi\n", "4:9", "this line is indented differently from the mapping above it");

    [Fact]
    public void A_misindented_list_item_is_explained_for_a_pipeline_author() =>
        AssertError("id: x\nsteps:\n  - id: a\n    run: echo\n   - id: b\n     run: x\n", "5:4", "indented differently from the list above it");

    [Fact]
    public void A_tab_used_for_indentation_is_named() =>
        AssertError("id: x\nsteps:\n\t- id: a\n", "1:1", "YAML indents with spaces, never tabs");

    [Fact]
    public void A_parser_message_without_a_known_meaning_keeps_the_parser_words() =>
        Assert.StartsWith("invalid YAML: ", Platform.Pipelines.Loading.YamlSyntaxHelp.Explain("something new"));

    [Fact]
    public void A_second_yaml_document_is_an_error_where_it_starts() =>
        AssertError("id: x\nsteps:\n  - { id: a, run: echo }\n---\nid: y\n", "5:1", "more than one YAML document");

    [Fact]
    public void A_tag_outside_the_core_schema_is_an_error_where_it_stands() =>
        AssertError("id: x\nsteps:\n  - id: a\n    run: !!python/object/apply:os.system [\"touch /tmp/x\"]\n", "4:10", "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed");

    [Fact]
    public void Yaml_nested_deeper_than_the_limit_is_refused_where_the_limit_is_crossed()
    {
        // Column 8 is the first '[' after "steps: "; the 200th is at 207 and the 201st, one too deep, at 208 (the
        // top mapping is the first level).
        var deep = "id: x\nsteps: " + new string('[', Limits.MaxYamlDepth + 50) + new string(']', Limits.MaxYamlDepth + 50) + "\n";
        AssertError(deep, $"2:{7 + Limits.MaxYamlDepth}", $"the YAML is nested more than {Limits.MaxYamlDepth} levels deep");
    }

    [Fact]
    public void Aliases_that_expand_past_the_node_limit_are_refused()
    {
        // Ten aliases of ten aliases of … : 10^7 nodes from a few hundred bytes ("billion laughs").
        var yaml = "id: x\nl0: &l0 [a, a, a, a, a, a, a, a, a, a]\n";
        for (var level = 1; level <= 7; level++)
        {
            yaml += $"l{level}: &l{level} [" + string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10)) + "]\n";
        }

        AssertError(yaml + "steps:\n  - { id: a, run: echo }\n", "1:1", "the YAML expands to more than 1,000,000 nodes through aliases");
    }

    [Fact]
    public void Aliases_within_the_limit_are_read_as_their_anchors() =>
        Assert.Equal(["echo shared", "echo shared"], PipelineLoader.Load("id: x\nsteps:\n  - { id: a, run: &cmd echo shared }\n  - { id: b, run: *cmd }\n", "p.yaml")
            .Pipeline!.Steps.Cast<Platform.Pipelines.Model.StepNode>().Select(s => ((Platform.Pipelines.Model.RunAction)s.Action).Commands[0].Text));

    [Fact]
    public void Core_schema_tags_are_plain_yaml() =>
        Assert.True(PipelineLoader.Load("id: x\nsteps:\n  - { id: a, run: !!str echo }\n", "p.yaml").IsValid);

    [Fact]
    public void An_unknown_key_is_reported_with_a_suggestion() =>
        AssertError("id: x\nsteps:\n  - id: a\n    rnu: echo hi\n", "4:5", "unknown key 'rnu' in a step; did you mean 'run'?");

    [Fact]
    public void An_unknown_top_level_key_is_reported() =>
        AssertError("id: x\nstesp: []\nsteps:\n  - { id: a, run: echo }\n", "2:1", "did you mean 'steps'?");

    [Fact]
    public void A_step_with_two_actions_is_reported_at_the_second() =>
        AssertError("id: x\nsteps:\n  - id: a\n    run: echo\n    sleep: 1s\n", "5:5", "exactly one action");

    [Fact]
    public void A_step_without_an_action_is_reported() =>
        AssertError("id: x\nsteps:\n  - id: a\n    name: nothing\n", "3:5", "needs an action");

    [Fact]
    public void A_duplicate_id_is_reported_at_its_second_use_naming_the_first() =>
        AssertError("id: x\nsteps:\n  - { id: a, run: echo }\n  - parallel:\n      - { id: a, run: echo }\n", "5:15", "duplicate id 'a': first used on line 3");

    [Fact]
    public void A_duplicate_id_between_steps_and_finally_is_reported() =>
        AssertError("id: x\nsteps:\n  - { id: a, run: echo }\nfinally:\n  - { id: a, run: echo }\n", "5:11", "duplicate id 'a'");

    [Fact]
    public void An_unknown_need_is_reported_with_a_suggestion() =>
        AssertError("id: x\nmode: dag\nsteps:\n  - { id: build, run: make }\n  - { id: test, needs: [biuld], run: make test }\n", "5:25", "unknown need 'biuld'; did you mean 'build'?");

    [Fact]
    public void Needs_outside_a_dag_are_reported() =>
        AssertError("id: x\nsteps:\n  - { id: a, run: echo }\n  - { id: b, needs: [a], run: echo }\n", "4:14", "only works between the steps of a dag");

    [Fact]
    public void A_cycle_is_reported_and_named() =>
        AssertError("""
            id: x
            steps:
              - dag:
                  steps:
                    - { id: a, needs: [c], run: echo }
                    - { id: b, needs: [a], run: echo }
                    - { id: c, needs: [b], run: echo }
            """, "6:28", "cycle in needs: a -> c -> b -> a");

    [Fact]
    public void A_step_needing_itself_is_a_cycle() =>
        AssertError("id: x\nmode: dag\nsteps:\n  - { id: a, needs: [a], run: echo }\n", "4:22", "cycle in needs: a -> a");

    [Fact]
    public void A_bad_duration_is_reported_with_the_forms_accepted() =>
        AssertError("id: x\nsteps:\n  - { id: a, sleep: 5 }\n", "3:21", "invalid duration '5' for 'sleep'");

    [Fact]
    public void A_bad_timeout_is_reported() =>
        AssertError("id: x\ntimeout: soon\nsteps:\n  - { id: a, run: echo }\n", "2:10", "invalid duration 'soon'");

    [Fact]
    public void A_bad_wait_is_reported_with_a_suggestion() =>
        AssertError("id: x\nsteps:\n  - parallel:\n      wait: anyy\n      steps:\n        - { id: a, run: echo }\n", "4:13", "invalid wait 'anyy'");

    [Fact]
    public void A_quorum_larger_than_the_group_is_reported() =>
        AssertError("id: x\nsteps:\n  - parallel:\n      wait: 3\n      steps:\n        - { id: a, run: echo }\n        - { id: b, run: echo }\n", "4:13", "can never be met");

    [Fact]
    public void A_bad_if_expression_points_into_the_expression() =>
        AssertError("id: x\nsteps:\n  - id: a\n    if: inputs.env == = 'prod'\n    run: echo\n", "4:23", "invalid 'if' expression");

    [Fact]
    public void An_if_written_as_a_template_is_reported() =>
        AssertError("id: x\nsteps:\n  - id: a\n    if: \"{{ true }}\"\n    run: echo\n", "4:9", "without {{ }}");

    [Fact]
    public void A_template_naming_an_unknown_input_points_at_the_name() =>
        AssertError("id: x\ninputs:\n  env: { default: dev }\nsteps:\n  - id: a\n    run: echo {{ inputs.evn }}\n", "6:18", "unknown input 'evn'; did you mean 'env'?");

    [Fact]
    public void A_template_naming_an_unknown_step_is_reported() =>
        AssertError("id: x\nsteps:\n  - { id: build, run: make }\n  - id: ship\n    run: echo {{ steps.biuld.outputs.v }}\n", "5:18", "unknown step 'biuld'; did you mean 'build'?");

    [Fact]
    public void A_template_asking_a_step_for_an_unknown_field_is_reported() =>
        AssertError("id: x\nsteps:\n  - { id: build, run: make }\n  - id: ship\n    run: echo {{ steps.build.output.v }}\n", "5:18", "has no 'output'");

    [Fact]
    public void Item_outside_for_each_is_reported() =>
        AssertError("id: x\nsteps:\n  - { id: a, run: 'echo {{ item }}' }\n", "3:28", "'item' is only defined inside a forEach");

    [Fact]
    public void An_unclosed_template_is_reported() =>
        AssertError("id: x\nsteps:\n  - id: a\n    run: echo {{ inputs.x\n", "4:15", "never closed");

    [Fact]
    public void Zero_retry_attempts_are_reported() =>
        AssertError("id: x\nsteps:\n  - { id: a, run: echo, retry: { attempts: 0 } }\n", "3:44", "positive whole number");

    [Fact]
    public void A_bad_id_is_reported() =>
        AssertError("id: x\nsteps:\n  - { id: Build Step, run: echo }\n", "3:11", "invalid id 'Build Step'");

    [Fact]
    public void A_missing_pipeline_id_and_steps_are_reported() =>
        Assert.Equal(2, Errors("description: nothing\n").Count(e => e.StartsWith("p.yaml:1:1: error: the pipeline needs", StringComparison.Ordinal)));

    [Fact]
    public void A_bad_input_default_is_reported() =>
        AssertError("id: x\ninputs:\n  n: { type: number, default: lots }\nsteps:\n  - { id: a, run: echo }\n", "3:31", "must be a number");

    [Fact]
    public void A_notify_entry_without_a_target_or_with_a_bad_outcome_is_reported()
    {
        var errors = Errors("id: x\nsteps:\n  - { id: a, run: echo }\nnotify:\n  - { on: [failed, exploded] }\n");
        Assert.Contains(errors, e => e.StartsWith("p.yaml:5:20: error: invalid outcome 'exploded'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("p.yaml:5:5: error: a notify entry needs one target", StringComparison.Ordinal));
    }

    [Fact]
    public void An_approval_step_with_a_retry_is_reported_where_its_approval_is() =>
        Assert.Contains(Errors("id: x\nsteps:\n  - { id: a, retry: { attempts: 2 }, approval: { message: ok? } }\n"), e => e.Contains("approval", StringComparison.Ordinal) && e.StartsWith("p.yaml:3:", StringComparison.Ordinal));

    [Fact]
    public void A_file_over_the_size_limit_is_rejected()
    {
        var huge = "id: x\nsteps:\n" + string.Concat(Enumerable.Repeat("  - { id: a, run: echo }  # padding padding padding padding\n", 20_000));
        Assert.Contains(Errors(huge), e => e.Contains("larger than", StringComparison.Ordinal));
    }

    [Fact]
    public void Too_many_steps_are_rejected_with_the_limit()
    {
        var many = "id: x\nsteps:\n" + string.Concat(Enumerable.Range(0, Limits.MaxDeclaredNodes + 1).Select(i => $"  - {{ id: s{i}, sleep: 1s }}\n"));
        Assert.Contains(Errors(many), e => e.Contains($"at most {Limits.MaxDeclaredNodes}", StringComparison.Ordinal));
    }

    [Fact]
    public void Groups_nested_too_deeply_are_rejected()
    {
        var deep = "id: x\nsteps:\n";
        var indent = "  ";
        for (var i = 0; i < Limits.MaxNestingDepth + 2; i++)
        {
            deep += $"{indent}- sequential:\n";
            indent += "    ";
        }

        deep += $"{indent}- {{ id: a, run: echo }}\n";
        Assert.Contains(Errors(deep), e => e.Contains("nested too deeply", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_errors_are_all_reported_in_file_order()
    {
        var errors = Errors("id: x\nsteps:\n  - { id: a, slep: 1s }\n  - { id: b, sleep: never }\n");
        Assert.True(errors.Count >= 2);
        Assert.Equal(errors.OrderBy(e => int.Parse(e.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture)), errors);
    }
}
