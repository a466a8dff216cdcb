using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Versioning.EntityFrameworkCore.Pipeline;
using Versioning.EntityFrameworkCore.Properties;

namespace Versioning.EntityFrameworkCore.Strategies.Tenancy;

/// <summary>
/// Stamps an insert with the save's tenant and refuses every write outside it: an insert for another tenant or with no
/// tenant known, an update or delete of a row whose original <c>TenantId</c> is not the current tenant, a change of
/// <c>TenantId</c>. An open tenant bypass lifts the refusals (an insert then keeps an explicit <c>TenantId</c>).
/// </summary>
internal sealed class TenancyHandler : IVersioningHandler
{
    /// <summary>Before every other handler: it checks the writes as the application made them, before change stamps,
    /// soft delete or the audit trail turn them into others, and it stamps inserts before history and logs copy them.</summary>
    public const int Position = 50;

    public int Order => Position;

    public void Handle(VersioningChangeSet changeSet)
    {
        var current = changeSet.TenantId;
        bool? bypassed = null;
        foreach (var (entry, state, plan) in changeSet.Entries)
        {
            if (plan.Find<TenancyPlan>() is not { } tenancy)
            {
                continue;
            }

            bypassed ??= changeSet.State.Of<TenancyContextState>().Bypass != null;
            if (state == EntityState.Added)
            {
                Insert(changeSet, entry, tenancy, current, bypassed.Value);
            }
            else if (!bypassed.Value)
            {
                RefuseOutsideTenant(entry, state, tenancy, current);
            }
        }
    }

    private static void Insert(VersioningChangeSet changeSet, EntityEntry entry, TenancyPlan tenancy, string? current, bool bypassed)
    {
        var entityType = entry.Metadata.DisplayName();
        switch ((string?)entry.CurrentValues[tenancy.TenantId])
        {
            case null when current == null:
                throw new InvalidOperationException(VersioningStrings.InsertWithoutTenant(entityType));
            case null:
                changeSet.SetValue(entry, tenancy.TenantId, current);
                break;
            case var own when own == current || bypassed:
                break;
            case var other:
                throw new InvalidOperationException(
                    current == null ? VersioningStrings.InsertWithoutTenant(entityType) : VersioningStrings.InsertForOtherTenant(entityType, other, current));
        }
    }

    private static void RefuseOutsideTenant(EntityEntry entry, EntityState state, TenancyPlan tenancy, string? current)
    {
        var entityType = entry.Metadata.DisplayName();
        var operation = state == EntityState.Deleted ? "delete" : "update";
        if (current == null)
        {
            throw new InvalidOperationException(VersioningStrings.WriteWithoutTenant(entityType, operation));
        }

        var original = (string?)entry.OriginalValues[tenancy.TenantId];
        if (original != current)
        {
            throw new InvalidOperationException(VersioningStrings.WriteToOtherTenant(entityType, operation, original, current));
        }

        if (state == EntityState.Modified && (string?)entry.CurrentValues[tenancy.TenantId] is var changed && changed != original)
        {
            throw new InvalidOperationException(VersioningStrings.TenantChanged(entityType, original, changed));
        }
    }
}
