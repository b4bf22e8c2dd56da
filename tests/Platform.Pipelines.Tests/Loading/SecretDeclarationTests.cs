using Platform.Pipelines.Loading;
using Platform.Pipelines.Model;

namespace Platform.Pipelines.Tests.Loading;

/// <summary>Secrets: declared as `type: secret` inputs or a `secrets:` list; usable only as environment variables.</summary>
public class SecretDeclarationTests
{
    [Fact]
    public void Secret_inputs_and_the_secrets_list_are_the_pipelines_secrets()
    {
        var result = PipelineLoader.Load("id: x\ninputs:\n  token: { type: secret }\nsecrets: [DEPLOY_KEY]\nsteps:\n  - { id: a, run: 'curl -u {{ inputs.token }} $DEPLOY_KEY' }\n", "p.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["token", "DEPLOY_KEY"], result.Pipeline!.Secrets);
    }

    [Fact]
    public void A_secret_in_an_http_url_is_an_error_naming_its_variable()
    {
        var result = PipelineLoader.Load("id: x\ninputs:\n  token: { type: secret }\nsteps:\n  - id: a\n    http: { url: 'http://h/?t={{ inputs.token }}' }\n", "p.yaml");

        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith("p.yaml:6:", error, StringComparison.Ordinal);
        Assert.Contains("input 'token' is a secret: it reaches steps only as the environment variable $token", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_input_cannot_have_a_default()
    {
        var result = PipelineLoader.Load("id: x\ninputs:\n  token: { type: secret, default: hunter2 }\nsteps:\n  - { id: a, run: 'true' }\n", "p.yaml");

        Assert.Contains(result.Errors, e => e.ToString().StartsWith("p.yaml:3:", StringComparison.Ordinal) && e.Message.Contains("a secret input has no default", StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_given_as_an_input_is_split_off_and_a_missing_one_is_named()
    {
        var pipeline = PipelineLoader.Load("id: x\ninputs:\n  token: { type: secret }\n  env: { default: dev }\nsecrets: [KEY]\nsteps:\n  - { id: a, run: 'true' }\n", "p.yaml").Pipeline!;

        var (inputs, secrets, errors) = SecretBinder.Split(pipeline, new Dictionary<string, string> { ["token"] = "S3CRET", ["env"] = "prod" }, null);

        Assert.Equal(new Dictionary<string, string> { ["env"] = "prod" }, inputs);
        Assert.Equal(new Dictionary<string, string> { ["token"] = "S3CRET" }, secrets);
        Assert.Contains(errors, e => e.StartsWith("missing secret 'KEY': give it with --secret KEY", StringComparison.Ordinal));
        Assert.Empty(InputBinder.Bind(pipeline, inputs).Errors);
        Assert.Equal(InputType.Secret, pipeline.Inputs[0].Type);
    }
}
