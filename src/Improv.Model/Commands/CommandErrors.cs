namespace Improv.Model.Commands;

/// <summary>Turns the errors bad input causes into one line on stderr and exit code 1, instead of a stack trace.</summary>
internal static class CommandErrors
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException
                                      or FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"improv-train: {e.Message}");
            return 1;
        }
    }
}
