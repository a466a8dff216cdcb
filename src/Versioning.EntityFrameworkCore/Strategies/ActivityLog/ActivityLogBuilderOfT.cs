using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Versioning.EntityFrameworkCore.Metadata.Builders;

/// <summary>
/// Configures the activity log of <typeparamref name="TEntity"/> with property expressions:
/// <c>HasActivityLog(a =&gt; a.Track(p =&gt; p.Price, "PRICE_CHANGE").Ignore(p =&gt; p.Notes).Redact(p =&gt; p.Iban))</c>.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
public sealed class ActivityLogBuilder<TEntity> : ActivityLogBuilder
    where TEntity : class
{
    internal ActivityLogBuilder(IMutableEntityType entityType)
        : base(entityType)
    {
    }

    /// <summary>Logs a change of the property under <paramref name="action"/> (for example <c>PRICE_CHANGE</c>) instead of <c>UPDATE</c>.</summary>
    /// <param name="property">The property, as <c>p =&gt; p.Price</c>.</param>
    /// <param name="action">The action; must not be empty.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The member is a navigation or not a mapped property.</exception>
    public ActivityLogBuilder<TEntity> Track(Expression<Func<TEntity, object?>> property, string action)
    {
        Track(NameOf(property), action);
        return this;
    }

    /// <summary>Leaves the property out of the activity log (like <see cref="NotVersionedAttribute"/>).</summary>
    /// <param name="property">The property, as <c>p =&gt; p.Notes</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The member is a navigation or not a mapped property.</exception>
    public ActivityLogBuilder<TEntity> Ignore(Expression<Func<TEntity, object?>> property)
    {
        Ignore(NameOf(property));
        return this;
    }

    /// <summary>Logs a fixed mask instead of the property's values (like <see cref="RedactedAttribute"/>).</summary>
    /// <param name="property">The property, as <c>p =&gt; p.Iban</c>.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <exception cref="InvalidOperationException">The member is a navigation or not a mapped property.</exception>
    public ActivityLogBuilder<TEntity> Redact(Expression<Func<TEntity, object?>> property)
    {
        Redact(NameOf(property));
        return this;
    }

    /// <summary>
    /// Sets what an insert writes: a <c>CREATE</c> row per logged field with its initial value (the default), one
    /// <c>CREATE</c> row without values, or one with a JSON snapshot of the values.
    /// </summary>
    /// <param name="values">What the <c>CREATE</c> rows carry.</param>
    /// <returns>The same builder, for chaining.</returns>
    public new ActivityLogBuilder<TEntity> CreateValues(ActivityCreateValues values)
    {
        base.CreateValues(values);
        return this;
    }

    private static string NameOf(Expression<Func<TEntity, object?>> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        return property.GetMemberAccess().Name;
    }
}
