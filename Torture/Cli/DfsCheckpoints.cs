using Torture.Campaign;
using Torture.Systematic;

namespace Torture.Cli;

/// <summary>torture run --checkpoint FILE / --resume FILE: a long exhaustive dfs of one scenario, in several runs.</summary>
internal static class DfsCheckpoints
{
    /// <summary>The checkpoint file to write, after checking that the run is one the flags fit (one scenario, our dfs, no shard).</summary>
    public static string? Check(ParsedArgs a, CampaignConfig config, IReadOnlyList<CampaignItem> items)
    {
        string? flag = a.Has("--checkpoint") ? "--checkpoint" : a.Has("--resume") ? "--resume" : null;
        if (flag is null) return null;
        if (config.Engine != Engines.Systematic || config.Exploration.Strategy != "dfs")
            throw new TortureInputException($"run: {flag} is for our engine's dfs (--strategy dfs)");
        if (items.Count != 1)
            throw new TortureInputException($"run: {flag} needs exactly one scenario (--scenario NAME), not {items.Count}");
        if (config.Exploration.Shard is not null)
            throw new TortureInputException($"run: {flag} cannot be combined with --shard");
        return a.One("--checkpoint");
    }

    public static CampaignConfig Resume(string path, CampaignConfig config, CampaignItem item)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TortureInputException($"run: --resume: cannot read {path}: {e.Message}");
        }
        var checkpoint = DfsCheckpoint.Parse(text, path);
        checkpoint.CheckFits(item.Program, config.Exploration.CreateStrategy().Name, path);
        return config with { Exploration = config.Exploration with { ResumeFrom = checkpoint } };
    }

    public static void Write(string path, ExplorationResult result, TextWriter console)
    {
        if (result.Checkpoint is not { } c)
        {
            console.WriteLine($"checkpoint: none written, nothing is left to explore ({path} untouched)");
            return;
        }
        File.WriteAllText(path, c.ToText());
        console.WriteLine($"checkpoint: {path} ({c.SchedulesDone:N0} schedules so far); go on with --resume {path}");
    }
}
