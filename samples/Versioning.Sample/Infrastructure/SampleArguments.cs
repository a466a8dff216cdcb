namespace Versioning.Sample.Infrastructure;

/// <summary>The command line of the sample.</summary>
internal sealed record SampleArguments(string? PostgresConnectionString, bool ShowSql, bool ShowHelp)
{
    /// <summary>The variable ASP.NET Core would read as <c>ConnectionStrings:Versioning</c>.</summary>
    public const string ConnectionStringVariable = "ConnectionStrings__Versioning";

    public const string Usage = $"""
        usage: dotnet run --project samples/Versioning.Sample [-- [--postgres "<connection string>"] [--sql]]

          (no option)      use a SQLite file in the temp folder, deleted and recreated on every run
          --postgres <cs>  use PostgreSQL; the database named in <cs> (default versioning_sample) is DROPPED
                           and recreated on every run. {ConnectionStringVariable} works too.
          --sql            print the SQL EF Core sends
        """;

    /// <exception cref="ArgumentException">The command line is not valid.</exception>
    public static SampleArguments Parse(IReadOnlyList<string> args, string? environmentConnectionString)
    {
        string? postgres = null;
        bool showSql = false, showHelp = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--postgres" when i + 1 < args.Count && !string.IsNullOrWhiteSpace(args[i + 1]):
                    postgres = args[++i];
                    break;
                case "--postgres":
                    throw new ArgumentException("--postgres needs a connection string.");
                case "--sql":
                    showSql = true;
                    break;
                case "-h" or "--help":
                    showHelp = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        if (postgres == null && !string.IsNullOrWhiteSpace(environmentConnectionString))
        {
            postgres = environmentConnectionString;
        }

        return new SampleArguments(postgres, showSql, showHelp);
    }
}
