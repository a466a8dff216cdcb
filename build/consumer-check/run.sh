#!/usr/bin/env bash
# Consumer check: pack the solution, then build and run a throwaway console project
# (build/consumer-check/template) that references the packed packages like an
# application would, from a folder outside the repository so that none of the repo's
# Directory.Build.props / Directory.Packages.props / nuget.config applies.
# Set KEEP_CONSUMER_CHECK=1 to keep the temp folder for inspection.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$(pwd)
TEMPLATE=$ROOT/build/consumer-check/template

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SOLUTION=Versioning.sln
[[ -f $SOLUTION || ! -f Versioning.slnx ]] || SOLUTION=Versioning.slnx

WORK=$(mktemp -d "${TMPDIR:-/tmp}/versioning-consumer.XXXXXX")
if [[ -z ${KEEP_CONSUMER_CHECK:-} ]]; then
  trap 'rm -rf "$WORK"' EXIT
else
  echo "consumer check: keeping $WORK"
fi

echo "consumer check: packing $SOLUTION"
dotnet pack "$SOLUTION" -c Release -o "$WORK/packages" --nologo -v quiet

# Every library package must be there; take the version from the file name.
version=""
for id in Versioning.Abstractions Versioning.EntityFrameworkCore Versioning.EntityFrameworkCore.PostgreSQL; do
  # <id>.<version>.nupkg where the version starts with a digit (so that
  # Versioning.EntityFrameworkCore does not match ...EntityFrameworkCore.PostgreSQL)
  nupkg=$(cd "$WORK/packages" && ls -1 | grep -E "^${id//./\\.}\.[0-9][^/]*\.nupkg$" | grep -v '\.symbols\.nupkg$' || true)
  [[ $(wc -l <<<"$nupkg") -eq 1 && -n $nupkg ]] \
    || { echo "consumer check: expected one $id package, found: ${nupkg:-none}"; exit 1; }
  v=${nupkg#"$id".}; v=${v%.nupkg}
  [[ -z $version || $version == "$v" ]] \
    || { echo "consumer check: package versions differ ($version vs $v)"; exit 1; }
  version=$v
done
echo "consumer check: packages version $version"

# The packages' metadata: the consumer README (not the repository's), the icon, the license, release notes, and
# dependencies on EF Core and Npgsql capped below their next major (Versioning uses their internals).
nuspec_of() { unzip -p "$WORK/packages/$1.$version.nupkg" "$1.nuspec"; }
for id in Versioning.Abstractions Versioning.EntityFrameworkCore Versioning.EntityFrameworkCore.PostgreSQL; do
  nuspec=$(nuspec_of "$id")
  for element in '<readme>README.md</readme>' '<icon>icon.png</icon>' '<license type="expression">MIT</license>' '<releaseNotes>'; do
    grep -qF "$element" <<<"$nuspec" || { echo "consumer check: $id.nuspec lacks $element"; exit 1; }
  done
  # Here-strings, not pipes: grep -q stops reading early, and pipefail would count unzip's SIGPIPE as a failure.
  readme=$(unzip -p "$WORK/packages/$id.$version.nupkg" README.md)
  [[ ${readme%%$'\n'*} == '# Versioning for EF Core' ]] \
    || { echo "consumer check: $id does not carry the consumer README (build/package/README.md)"; exit 1; }
  grep -q ' icon.png$' <<<"$(unzip -l "$WORK/packages/$id.$version.nupkg")" || { echo "consumer check: $id lacks icon.png"; exit 1; }
done
check_range() {
  grep -qE "<dependency id=\"$2\" version=\"\[[0-9.]+, $3\)\"" <<<"$(nuspec_of "$1")" \
    || { echo "consumer check: $1 must depend on $2 below $3"; exit 1; }
}
check_range Versioning.EntityFrameworkCore Microsoft.EntityFrameworkCore.Relational 11.0.0
check_range Versioning.EntityFrameworkCore Microsoft.Extensions.DependencyInjection.Abstractions 11.0.0
check_range Versioning.EntityFrameworkCore.PostgreSQL Npgsql.EntityFrameworkCore.PostgreSQL 11.0.0
# SourceLink needs the repository's URL, which comes from the clone's remote: checked when it is a real URL.
if remote=$(git remote get-url origin 2>/dev/null) && [[ $remote == https://* ]]; then
  grep -qF "<repository type=\"git\" url=\"${remote%.git}" <<<"$(nuspec_of Versioning.EntityFrameworkCore)" \
    || { echo "consumer check: the package's repository URL is not $remote"; exit 1; }
fi
echo "consumer check: metadata OK"

# NuGet caches packages by id+version; a package packed earlier with the same version
# would be reused instead of the fresh one, so drop our ids from the global cache.
global=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
if [[ -n $global ]]; then
  for id in versioning.abstractions versioning.entityframeworkcore versioning.entityframeworkcore.postgresql; do
    rm -rf "${global%/}/$id/$version"
  done
fi

# The consumer project, with its own nuget.config: our packages come only from the
# local folder, everything else only from the machine's "nuget.org" source (its URL
# is read from the user-level NuGet configuration, as seen from outside the repo).
APP=$WORK/consumer
mkdir -p "$APP"
nuget_org=$(cd "$APP" && dotnet nuget list source --format detailed \
  | awk '/^[[:space:]]*[0-9]+\.[[:space:]]+nuget\.org[[:space:]]/ { getline; gsub(/^[[:space:]]+|[[:space:]]+$/, ""); print; exit }')
[[ -n $nuget_org ]] || { echo "consumer check: no NuGet source named nuget.org is configured"; exit 1; }
cp -R "$TEMPLATE"/. "$APP"/
cat >"$APP/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$WORK/packages" />
    <add key="nuget.org" value="$nuget_org" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local">
      <package pattern="Versioning.*" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF

echo "consumer check: building the consumer project"
dotnet build "$APP/Consumer.csproj" -c Release --nologo -v quiet -p:VersioningVersion="$version"

echo "consumer check: running it"
dotnet "$APP/bin/Release/net10.0/Consumer.dll"
