namespace Improv.Host.Realtime;

/// <summary>Marks the threads that play in real time, so code that must never run on them can count when it does.</summary>
public static class RealtimeThread
{
    [ThreadStatic]
    private static bool t_current;

    /// <summary>True on a thread that called <see cref="Enter"/>.</summary>
    public static bool IsCurrent => t_current;

    /// <summary>Called by a real-time loop on its own thread before its first pass.</summary>
    public static void Enter() => t_current = true;
}
