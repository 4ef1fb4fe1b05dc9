using System.Reflection;
using Torture.Model;

namespace Torture.Generator;

/// <summary>How the generator draws, writes and resolves one parameter of an operation.</summary>
public enum ParamKind
{
    /// <summary>The kernel itself: never written.</summary>
    Kernel,
    /// <summary>A named object of the world (an mm, a CPU, a file, a listener).</summary>
    Object,
    /// <summary>A virtual page of the operation's mm (parameter named va).</summary>
    Va,
    /// <summary>A guest frame of the operation's VM (parameter named gfn).</summary>
    Gfn,
    /// <summary>The first and last-plus-one page of a range of the operation's mm (start, end).</summary>
    RangeStart,
    RangeEnd,
    /// <summary>A size or offset, written by set-up lines only.</summary>
    Number,
    Bool,
    /// <summary>signal_pending: "maybe" (the explorer decides) or "never".</summary>
    Signal,
    /// <summary>A page as the world holds it at the start of the threads: "mm0:va1" or "file0:2".</summary>
    Page,
    /// <summary>The name the operation gives the object it creates.</summary>
    NewName,
}

/// <summary>One parameter of an operation: its name in program lines and how it is drawn.</summary>
public sealed record ParamSpec(string Name, Type Type, ParamKind Kind)
{
    public static ParamSpec Of(ParameterInfo p)
    {
        var t = p.ParameterType;
        var name = p.Name!;
        var kind = t switch
        {
            _ when t == typeof(Kernel) => ParamKind.Kernel,
            _ when t == typeof(int) && name is "va" or "va2" => ParamKind.Va,
            _ when t == typeof(int) && name == "gfn" => ParamKind.Gfn,
            _ when t == typeof(int) && name == "start" => ParamKind.RangeStart,
            _ when t == typeof(int) && name == "end" => ParamKind.RangeEnd,
            _ when t == typeof(int) => ParamKind.Number,
            _ when t == typeof(bool) => ParamKind.Bool,
            _ when t == typeof(SignalPending) => ParamKind.Signal,
            _ when t == typeof(PageRef) => ParamKind.Page,
            _ when t == typeof(string) => ParamKind.NewName,
            _ when World.IsObjectType(t) => ParamKind.Object,
            _ => throw new InvalidOperationException($"{p.Member.DeclaringType?.Name}.{p.Member.Name}: the generator cannot draw parameter '{name}' of type {t.Name}"),
        };
        return new ParamSpec(name, t, kind);
    }
}
