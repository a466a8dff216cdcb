namespace Versioning.EntityFrameworkCore.ChangeTracking.Internal;

/// <summary>
/// A statement that writes many history or log rows at once (DESIGN §7), run by <see cref="SetBasedStatementRunner"/>
/// before EF's own batch, in the same transaction.
/// </summary>
/// <param name="Sql">The SQL, referencing the parameters by their names.</param>
/// <param name="Parameters">The provider's parameters.</param>
internal sealed record SetBasedStatement(string Sql, IReadOnlyList<object> Parameters);
