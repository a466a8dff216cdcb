using System.Reflection;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Versioning.EntityFrameworkCore.Tests;

/// <summary>
/// The shape users of an EF Core extension expect, checked by reflection over the three packages (as efcore.pg's
/// NpgsqlApiConsistencyTest does for its own): builder methods in generic and non-generic forms, a synchronous twin for
/// every asynchronous method, a <c>CanSet…</c> for every convention-builder <c>Has…</c>, and documentation on every public
/// member.
/// </summary>
public class ApiConsistencyTest
{
    private static readonly Assembly[] Packages =
    [
        typeof(IActorAccessor).Assembly,
        typeof(VersioningDbContextOptionsBuilderExtensions).Assembly,
        typeof(VersioningNpgsqlDbContextOptionsBuilderExtensions).Assembly,
    ];

    private static IEnumerable<MethodInfo> PublicStaticMethods
        => Packages.SelectMany(a => a.GetExportedTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly));

    [Fact]
    public void Every_extension_of_a_non_generic_builder_has_a_generic_twin()
    {
        var missing = new List<string>();
        foreach (var method in PublicStaticMethods.Where(m => m.GetParameters() is [var first, ..] && IsNonGenericBuilder(first.ParameterType)))
        {
            var generic = GenericBuilderOf(method.GetParameters()[0].ParameterType);
            if (!PublicStaticMethods.Any(m => m.Name == method.Name && m.DeclaringType == method.DeclaringType
                && m.GetParameters() is [var first, ..] && first.ParameterType.IsGenericType
                && first.ParameterType.GetGenericTypeDefinition() == generic
                && SameTail(m, method)))
            {
                missing.Add($"{method.DeclaringType!.Name}.{method.Name}({Describe(method)})");
            }
        }

        missing.Should().BeEmpty("each builder method should also take the generic builder and return it, for chaining");
    }

    [Fact]
    public void Every_asynchronous_method_has_a_synchronous_twin()
    {
        var missing = PublicStaticMethods
            .Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal))
            .Where(m => !PublicStaticMethods.Any(s => s.DeclaringType == m.DeclaringType && s.Name == m.Name[..^"Async".Length]
                && s.IsGenericMethodDefinition == m.IsGenericMethodDefinition))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        missing.Should().BeEmpty("EF Core offers every asynchronous operation synchronously too (SaveChanges, ToList...)");
    }

    [Fact]
    public void Every_convention_builder_Has_method_has_a_CanSet_method()
    {
        var missing = PublicStaticMethods
            .Where(m => m.Name.StartsWith("Has", StringComparison.Ordinal)
                && m.GetParameters() is [var first, ..] && first.ParameterType == typeof(IConventionEntityTypeBuilder))
            .Select(m => m.Name)
            .Distinct()
            .Where(name => !PublicStaticMethods.Any(c => c.Name == "CanSet" + name["Has".Length..]))
            .ToList();

        missing.Should().BeEmpty("conventions ask CanSet... before Has..., as for EF's own convention builders");
    }

    [Fact]
    public void Every_public_member_is_documented()
    {
        var undocumented = new List<string>();
        foreach (var assembly in Packages)
        {
            var xml = Path.ChangeExtension(assembly.Location, ".xml");
            File.Exists(xml).Should().BeTrue($"the package ships its XML documentation ({xml})");
            var documented = XDocument.Load(xml).Descendants("member")
                .Where(m => m.Element("summary") != null || m.Element("inheritdoc") != null)
                .Select(m => (string)m.Attribute("name")!)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var type in assembly.GetExportedTypes())
            {
                Check("T:" + Name(type));
                foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    // Accessors and operators, and an enum's value__ field, are documented through their owners.
                    if (member is MethodBase { IsSpecialName: true } and not ConstructorInfo or FieldInfo { IsSpecialName: true }
                        || member.DeclaringType != type)
                    {
                        continue;
                    }

                    Check(member switch
                    {
                        PropertyInfo p => "P:" + Name(type) + "." + p.Name,
                        FieldInfo f => "F:" + Name(type) + "." + f.Name,
                        EventInfo e => "E:" + Name(type) + "." + e.Name,
                        ConstructorInfo => "M:" + Name(type) + ".#ctor",
                        MethodInfo m => "M:" + Name(type) + "." + m.Name,
                        _ => "",
                    });
                }
            }

            void Check(string prefix)
            {
                if (prefix.Length > 0 && !documented.Any(d => d == prefix || d.StartsWith(prefix + "(", StringComparison.Ordinal)
                    || d.StartsWith(prefix + "``", StringComparison.Ordinal)))
                {
                    undocumented.Add(prefix);
                }
            }
        }

        undocumented.Should().BeEmpty("every public member ships with its documentation: {0}", string.Join(", ", undocumented));
    }

    private static string Name(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static bool IsNonGenericBuilder(Type type)
        => type == typeof(EntityTypeBuilder) || type == typeof(DbContextOptionsBuilder) || type == typeof(OwnedNavigationBuilder)
            || type == typeof(PropertyBuilder);

    private static Type GenericBuilderOf(Type type)
        => type == typeof(EntityTypeBuilder) ? typeof(EntityTypeBuilder<>)
            : type == typeof(DbContextOptionsBuilder) ? typeof(DbContextOptionsBuilder<>)
            : type == typeof(OwnedNavigationBuilder) ? typeof(OwnedNavigationBuilder<,>)
            : typeof(PropertyBuilder<>);

    // The parameters after the builder, compared by name (a generic twin may take Action<SoftDeleteBuilder<T>>, say).
    private static bool SameTail(MethodInfo generic, MethodInfo nonGeneric)
        => generic.GetParameters().Skip(1).Select(p => p.Name).SequenceEqual(nonGeneric.GetParameters().Skip(1).Select(p => p.Name));

    private static string Describe(MethodInfo method) => string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name + " " + p.Name));
}
