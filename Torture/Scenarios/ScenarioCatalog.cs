namespace Torture.Scenarios;

/// <summary>Every scenario: the built-in ones smallest first, in a fixed order, then those discovered in users' assemblies.</summary>
public static class ScenarioCatalog
{
    private static readonly object gate = new();
    private static IReadOnlyList<IScenario> all = BuiltIn();

    public static IReadOnlyList<IScenario> All => System.Threading.Volatile.Read(ref all);

    /// <summary>Adds a user's scenario (discovered by <c>Campaign.UserScenarios</c>); false when one of that name is already known.</summary>
    public static bool Add(IScenario scenario)
    {
        lock (gate)
        {
            if (all.Any(s => s.Name == scenario.Name)) return ReferenceEquals(all.First(s => s.Name == scenario.Name).GetType(), scenario.GetType());
            System.Threading.Volatile.Write(ref all, all.Append(scenario).ToList());
            return true;
        }
    }

    private static IReadOnlyList<IScenario> BuiltIn() => new IScenario[]
    {
        new FaultVsZap(),
        new FaultVsReclaim(),
        new CowVsGuest(),
        new RegisterVsInvalidate(),
        new RegisterVsRegister(),
        new UnregisterVsExit(),
        new NonblockTwoListeners(),
        new CowVsCpu(),
        new ForkVsCpu(),
        new DeviceWriteUpgrade(),
        new WpVsWp(),
        new WritebackVsCpu(),
        new ProtectVsGuest(),
        new CleanVsDeviceWrite(),
        new DeviceVsZap(),
        new ExclusiveVsCpu(),
        new KsmVsGuest(),
        new MigrateVsGuest(),
        new HmmVsZap(),
        new HmmMigrateVsDevice(),
        new IntervalRemoveVsZap(),
        new IntervalVsOom(),
        new DriverVsReclaim(),
        new ReclaimVsGuest(),
        new IdleVsMigrate(),
        new LookAroundVsZap(),
        new LookAroundTwoVms(),
        new MemslotVsZap(),
        new GpcVsZap(),
        new InternalZapVsFault(),
        new GruVsZap(),
        new IntervalInsertVsZap(),
        new Generator.GeneratedScenario(),
    };

    public static IScenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
