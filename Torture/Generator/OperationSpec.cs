using System.Linq.Expressions;
using System.Reflection;
using Torture.Model;

namespace Torture.Generator;

/// <summary>One drawable operation: a static method marked [Operation], compiled once into a delegate.</summary>
public sealed class OperationSpec
{
    private readonly Func<object?[], object?> invoke;

    public OperationSpec(MethodInfo method, OperationAttribute attribute, bool setupOnly)
    {
        Method = method;
        Name = attribute.Name;
        Role = attribute.Role;
        Ages = attribute.Ages;
        PinsMm = attribute.PinsMm;
        SetupOnly = setupOnly;
        Params = method.GetParameters().Select(ParamSpec.Of).ToArray();
        SubjectIndex = Params.ToList().FindIndex(p => p.Kind == ParamKind.Object && p.Type != typeof(Cpu) && p.Type != typeof(AddressSpace));
        // A compiled call, not MethodInfo.Invoke: no TargetInvocationException may wrap the
        // IterationCanceledException that unwinds a thread, and it costs a delegate call.
        var args = Expression.Parameter(typeof(object?[]), "args");
        var call = Expression.Call(method, Params.Select((p, i) =>
            (Expression)Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.Type)));
        Expression body = method.ReturnType == typeof(void)
            ? Expression.Block(call, Expression.Constant(null))
            : Expression.Convert(call, typeof(object));
        invoke = Expression.Lambda<Func<object?[], object?>>(body, args).Compile();
    }

    public string Name { get; }
    public MethodInfo Method { get; }
    public OperationRole Role { get; }
    public bool PinsMm { get; }
    /// <summary>It decides on accessed bits: its world is aged at the end of the set-up.</summary>
    public bool Ages { get; }
    /// <summary>Builds the world (a new mm, a mapping, a CPU): drawn only into the set-up.</summary>
    public bool SetupOnly { get; }
    public IReadOnlyList<ParamSpec> Params { get; }

    /// <summary>Parameters written in a program line (all but the kernel).</summary>
    public IEnumerable<ParamSpec> Written => Params.Where(p => p.Kind != ParamKind.Kernel);

    /// <summary>Its subject: the first listener, VM, device or mm it takes (what Role and pinning apply to).</summary>
    public ParamSpec? Subject => SubjectIndex < 0 ? null : Params[SubjectIndex];

    /// <summary>The position of <see cref="Subject"/> among the parameters, or -1.</summary>
    public int SubjectIndex { get; }

    public object? Invoke(object?[] args) => invoke(args);

    /// <summary>The operation as `torture list` shows it: its name and the parameters a program line writes.</summary>
    public string Signature => $"{Name}({string.Join(", ", Written.Select(p => p.Name))})";

    public override string ToString() => Name;
}
