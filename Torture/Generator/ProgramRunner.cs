using System.Globalization;
using Torture.Model;
using Torture.Systematic;

namespace Torture.Generator;

/// <summary>
/// Runs a generated program's lines: the set-up alone, in order, naming what each line creates; then
/// the threads, each operation inside mmget_not_zero()/mmput() on its mm when it [Operation] says so.
/// A line the world cannot satisfy (an unknown name, a page that is not there) is bad input naming the line.
/// </summary>
public static class ProgramRunner
{
    /// <summary>Run the set-up lines of <paramref name="lines"/> (their indexes are input lines).</summary>
    public static void RunSetup(World world, IReadOnlyList<ProgramLine> lines)
    {
        for (int i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var args = Resolve(world, line, i);
            Sched.Note($"{line}");
            object? made;
            // A world builder refusing its arguments (a mapping past the file's end) is the line's fault.
            try { made = line.Op.Invoke(args); }
            catch (ArgumentException e) when (line.Op.SetupOnly) { throw new ProgramInputException(i, $"{line.Op.Name}: {e.Message}"); }
            Name(world, line, made, i);
        }
    }

    /// <summary>Declare one logical thread per thread of the program, its arguments resolved against the world the set-up left.</summary>
    public static void DeclareThreads(World world, GeneratedProgram program, ProgramBuilder p, Coverage? coverage)
    {
        var clock = coverage is null ? null : new OperationClock(coverage);
        int index = program.Setup.Count;
        for (int t = 0; t < program.Threads.Count; t++)
        {
            var ops = new List<(ProgramLine Line, object?[] Args, MmStruct? Pin, int Index)>();
            foreach (var line in program.Threads[t])
            {
                var args = Resolve(world, line, index);
                ops.Add((line, args, line.Op.PinsMm ? MmOf(line.Op, args) : null, index));
                index++;
            }
            int thread = t;
            p.Thread(GeneratedProgram.ThreadName(t), () =>
            {
                foreach (var (line, args, pin, i) in ops)
                {
                    if (pin is not null && !MmLifetime.MmgetNotZero(pin))
                    {
                        Sched.Note($"{line.Op.Name}: {pin} has no users left (it exited), skipped");
                        continue;
                    }
                    int span = clock?.Begin(thread, line.Op.Name) ?? -1;
                    Name(world, line, line.Op.Invoke(args), i);
                    clock?.End(span);
                    if (pin is not null) MmLifetime.Mmput(pin);
                }
            });
        }
    }

    /// <summary>The mm an operation pins: its subject's, or the mm its listener or device lives on.</summary>
    private static MmStruct? MmOf(OperationSpec op, object?[] args)
    {
        if (op.SubjectIndex < 0) return null;
        return args[op.SubjectIndex] switch
        {
            MmStruct mm => mm,
            IMmBound b => b.Mm,
            _ => null,
        };
    }

    private static void Name(World world, ProgramLine line, object? result, int index)
    {
        if (result is null || line.Op.Written.FirstOrDefault(p => p.Kind == ParamKind.NewName) is not { } named) return;
        var name = line.Value(named.Name);
        if (world.Find(name) is not null) throw new ProgramInputException(index, $"{line.Op.Name}: the world already has an object named '{name}'");
        world.Add(name, result);
    }

    private static object?[] Resolve(World world, ProgramLine line, int index)
    {
        var op = line.Op;
        var args = new object?[op.Params.Count];
        int w = 0;
        MmStruct? mm = null;
        Kvm? kvm = null;
        AddressSpace? file = null;
        int rangeStart = -1;
        for (int i = 0; i < op.Params.Count; i++)
        {
            var p = op.Params[i];
            if (p.Kind == ParamKind.Kernel)
            {
                args[i] = world.Kernel;
                continue;
            }
            var v = line.Values[w++];
            ProgramInputException Bad(string why) => new(index, $"{op.Name}: {p.Name}={v}: {why}");
            int Int() => int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture);
            switch (p.Kind)
            {
                case ParamKind.Object:
                    var o = world.Find(v) ?? throw Bad("the world has no object of that name");
                    if (!p.Type.IsInstanceOfType(o)) throw Bad($"that is not a {p.Type.Name}");
                    args[i] = o;
                    mm ??= o switch { MmStruct m => m, IMmBound b => b.Mm, _ => null };
                    kvm ??= o as Kvm;
                    file ??= o as AddressSpace;
                    break;
                case ParamKind.Va or ParamKind.RangeStart or ParamKind.RangeEnd:
                    // Addresses of the operation's mm, or page offsets of its file for a file operation.
                    int size = mm?.PageTable.Size ?? file?.Size ?? throw Bad("no mm or file to address");
                    string of = mm?.Name ?? file!.Name;
                    int va = Int();
                    bool inRange = p.Kind == ParamKind.RangeEnd ? va > rangeStart && va <= size : va < size;
                    if (!inRange) throw Bad(p.Kind == ParamKind.RangeEnd && va <= rangeStart ? "the range is empty" : $"outside {of}'s {size} pages");
                    if (p.Kind == ParamKind.RangeStart) rangeStart = va;
                    args[i] = va;
                    break;
                case ParamKind.Gfn:
                    int gfn = Int();
                    if (kvm is null || gfn >= kvm.Gfns) throw Bad("no such guest frame");
                    args[i] = gfn;
                    break;
                case ParamKind.Number:
                    args[i] = Int();
                    break;
                case ParamKind.Bool:
                    args[i] = v == "true";
                    break;
                case ParamKind.Signal:
                    // The set-up runs alone and draws nothing: a signal there would be a draw.
                    if (line.IsSetup && v == "maybe") throw Bad("the set-up cannot be signalled");
                    args[i] = v == "maybe" ? SignalPending.Maybe() : SignalPending.Never();
                    break;
                case ParamKind.Page:
                    args[i] = ResolvePage(world, v) ?? throw Bad("no such page when the threads start");
                    break;
                case ParamKind.NewName:
                    args[i] = v;
                    break;
            }
        }
        return args;
    }

    private static PageRef? ResolvePage(World world, string v)
    {
        var parts = v.Split(':');
        var owner = world.Find(parts[0]);
        if (owner is MmStruct mm && parts[1].StartsWith("va", StringComparison.Ordinal) &&
            int.TryParse(parts[1][2..], NumberStyles.None, CultureInfo.InvariantCulture, out var va) && va < mm.PageTable.Size)
            return mm.PageTable[va] is { IsPresent: true } pte ? pte.Page : null;
        if (owner is AddressSpace f && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < f.Size)
            return f.CachedPage(index);
        return null;
    }
}
