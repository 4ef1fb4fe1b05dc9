namespace Torture.Scenarios;

/// <summary>Every scenario, smallest first, in a fixed order.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } = new IScenario[]
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
        new Generator.GeneratedScenario(),
    };

    public static IScenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
