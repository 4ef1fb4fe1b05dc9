namespace Torture.Cli;

/// <summary>torture (or torture --help): the commands, from the same table their own --help is built from.</summary>
internal static class Help
{
    public static int Print(TextWriter console)
    {
        console.WriteLine($"torture: {CommandLineSpec.Tagline}");
        console.WriteLine();
        foreach (var (name, help, arguments) in CommandLineSpec.Commands)
            console.WriteLine($"  {$"torture {name} {arguments}".TrimEnd(),-28} {help}");
        console.WriteLine($"  {"torture --version",-28} the version, the commit and the behaviour fingerprint");
        console.WriteLine($"  {"torture COMMAND --help",-28} that command's options, with their short aliases");
        console.WriteLine();
        return 0;
    }
}
