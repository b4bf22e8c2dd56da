using Platform.Pipelines.Loading;

namespace Platform.Pipelines.Tests.Loading;

/// <summary>A pipeline text loaded again in one process is not parsed again; its errors still name the file given.</summary>
public class LoadCacheTests
{
    private static string Pipeline(string id) => $"id: {id}\nsteps:\n  - {{ id: a, run: echo {id} }}\n";

    [Fact]
    public void The_same_text_and_file_loaded_again_give_the_result_already_made()
    {
        var text = Pipeline($"p{Guid.NewGuid():N}");
        Assert.Same(PipelineLoader.Load(text, "a.yaml"), PipelineLoader.Load(new string(text.AsSpan()), "a.yaml"));
    }

    [Fact]
    public void Errors_name_the_file_each_load_was_given()
    {
        var text = $"id: p{Guid.NewGuid():N}\nsteps: []\n";
        Assert.StartsWith("a.yaml:", PipelineLoader.Load(text, "a.yaml").Errors[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("b.yaml:", PipelineLoader.Load(text, "b.yaml").Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_oldest_texts_make_way_once_the_cache_is_full()
    {
        var first = Pipeline($"p{Guid.NewGuid():N}");
        var loaded = PipelineLoader.Load(first, "a.yaml");
        for (var i = 0; i < LoadCache.MaxEntries; i++)
        {
            PipelineLoader.Load(Pipeline($"p{Guid.NewGuid():N}"), "a.yaml");
        }

        var again = PipelineLoader.Load(first, "a.yaml");
        Assert.NotSame(loaded, again);
        Assert.Equal(loaded.Pipeline!.Id, again.Pipeline!.Id);
    }

    [Fact]
    public void Loads_at_once_from_many_threads_agree()
    {
        var texts = Enumerable.Range(0, 8).Select(_ => Pipeline($"p{Guid.NewGuid():N}")).ToArray();
        var ids = new string[400];
        Parallel.For(0, ids.Length, i => ids[i] = PipelineLoader.Load(texts[i % texts.Length], "a.yaml").Pipeline!.Id);
        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(texts[i % texts.Length].Split('\n')[0]["id: ".Length..], ids[i]);
        }
    }
}
