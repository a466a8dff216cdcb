using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Versioning.Sample.Infrastructure;

/// <summary>
/// The default: an embedded SQLite file, so the sample runs with no server. It lives in the temp folder (never in
/// the repository) and is deleted and recreated on every run; it is left behind afterwards for inspection.
/// </summary>
internal sealed class SqliteSampleDatabase : SampleDatabase
{
    private static readonly string FilePath = Path.Combine(Path.GetTempPath(), "versioning-sample.db");

    public override string Description => $"SQLite file {FilePath} (deleted and recreated on every run)";

    public override void Configure(DbContextOptionsBuilder options)
        => options
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString())
            .UseVersioning();
}
