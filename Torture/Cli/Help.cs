namespace Torture.Cli;

internal static class Help
{
    public static int Print(TextWriter console)
    {
        console.Write("""
            torture: explore interleavings of the Linux MMU-notifier model and check its invariants

              torture run [options]       explore every scenario on coyote.json's defaults
                                          exit 0 clean, 1 bug, 2 bad input, 3 internal error, 4 incomplete (interrupted, dfs cut short)
                --scenario NAME             only this scenario (repeatable, or comma-separated)
                --mutant NAME               turn a fault switch on (repeatable); without --scenario, runs the scenarios exposing it
                --engine E                  systematic (ours, default) | coyote (Coyote's TestingEngine) | native (stress on OS threads)
                --strategy S                systematic: random | pct | fairpct | probabilistic | dfs
                                            coyote: random | prioritization | fair-prioritization | probabilistic | portfolio
                --iterations N  --seed N  --max-steps N  --pct-depth N  --preemption-bound N  --time-budget SECONDS
                --config FILE               instead of ./coyote.json
                --out DIR                   where schedules, traces, junit.xml and results.json go
                --workers N                 scenarios explored at once
                --no-lock-order             turn the lockdep-style lock-order checker off
                --generated-iterations N    the generated scenario's budget (default 20,000; --iterations sets it too)
                --shrink-seconds N          how long to shrink a found bug (0: off; default 30)
                --status-seconds N          seconds between status lines when not on a terminal (0: off; default 30)
                --assembly FILE             also the scenarios of your own assembly (public Scenario subclasses; run, list, replay, minimize)
                --shard K/N                 explore only the K-th of N disjoint parts (CI matrix jobs; combine them with torture merge)
              torture replay FILE         rerun a schedule file (or a .coyote.trace under Coyote) and print the readable trace; exit 1 when the bug reproduces
              torture minimize FILE       shrink a failing schedule (program, then preemptions); writes FILE's .min.schedule
              torture mutants [--generated] run the mutation table and print a mutation score; exit 0 when every switch is killed
              torture merge DIR... [--out DIR]  combine the shards' runs (their folders) into one report and one exit code
              torture list                scenarios, the generator's operation catalog, invariants and mutants
              torture demo                find the bugs of the small demonstration programs
              torture --version           the version, the commit and the behaviour fingerprint
              torture COMMAND --help      that command's options, with their short aliases

            """);
        return 0;
    }
}
