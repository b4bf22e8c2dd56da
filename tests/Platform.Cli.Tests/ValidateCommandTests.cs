using Platform.Cli.Commands;

namespace Platform.Cli.Tests;

public class ValidateCommandTests
{
    [Fact]
    public void A_valid_pipeline_exits_0()
    {
        using var file = new TempPipeline("id: ok\nsteps:\n  - { id: a, run: echo hi }\n");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        Assert.Equal(0, ValidateCommand.Run(file.Path, stdout, stderr));
        Assert.Empty(stderr.ToString());
    }

    [Fact]
    public void An_invalid_pipeline_exits_2_with_each_error_as_file_line_column()
    {
        using var file = new TempPipeline("id: bad\nsteps:\n  - id: a\n    rnu: echo hi\n  - { id: a, sleep: 1s }\n");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        Assert.Equal(2, ValidateCommand.Run(file.Path, stdout, stderr));
        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith($"{file.Path}:4:5: error: ", StringComparison.Ordinal) && l.Contains("rnu", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{file.Path}:5:", StringComparison.Ordinal) && l.Contains("duplicate", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_missing_file_exits_2_and_says_so()
    {
        var stderr = new StringWriter();

        Assert.Equal(2, ValidateCommand.Run("/nonexistent/pipeline.yaml", new StringWriter(), stderr));
        Assert.Contains("cannot read", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_example_pipeline_is_valid()
    {
        var examples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.yaml", SearchOption.AllDirectories);
        Assert.True(examples.Length >= 6, $"expected at least six examples, found {examples.Length}");
        foreach (var example in examples)
        {
            var stderr = new StringWriter();
            Assert.True(ValidateCommand.Run(example, new StringWriter(), stderr) == 0, $"{example}: {stderr}");
        }
    }
}
