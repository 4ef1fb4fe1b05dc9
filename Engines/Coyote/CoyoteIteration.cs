using Microsoft.Coyote.Specifications;
using Torture.Systematic;

namespace Torture.Coyote;

/// <summary>
/// One Coyote iteration of an exploration: what both the in-process engine and the Coyote test
/// assembly's methods run, so a trace either records replays under the other.
/// </summary>
public static class CoyoteIteration
{
    /// <param name="onBug">Called with the bug (and our schedule for it) before Coyote's assertion ends the iteration.</param>
    public static void Run(ExternalExploration exploration, bool trace = false, Action<ExternalOutcome>? onBug = null)
    {
        var outcome = exploration.RunIteration(new CoyoteScheduler(), trace);
        if (outcome.Bug is not { } bug) return;
        onBug?.Invoke(outcome);
        Specification.Assert(false, "{0}", Headline(bug));
    }

    /// <summary>The line Coyote reports for a bug: the check that fired, then its message.</summary>
    public static string Headline(Bug bug) => $"{bug.Check ?? bug.Kind.ToString()}: {bug.Message}";
}
