using System.Text.Json;
using System.Text.RegularExpressions;
using Maps.Core.Import;
using Maps.Import.Sources;

namespace Maps.Import.Tests;

/// <summary>The <c>giga-schools</c> layer against Giga's three source CSVs, read here without the import's CSV reader.</summary>
public sealed partial class GigaSchoolsTests
{
    private const string RepeatedId = "0554926a-1805-3866-8162-f14adfc592c6";

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    private static readonly Lazy<(LayerReport Report, Dictionary<string, JsonElement> Features)> Imported = new(() =>
    {
        string temp = TestPaths.NewTempDirectory();
        try
        {
            var report = Importer.Run(TestPaths.Sources, temp, [new GigaSchools()]).Layers.Single();
            using var document = LayerOutput.Features(Path.Combine(temp, "giga-schools.fgb"));
            var features = document.RootElement.GetProperty("features").EnumerateArray()
                .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.Clone(), StringComparer.Ordinal);
            return (report, features);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    });

    /// <summary>Every data row of a source file as (row index from 0, its giga_id_school), one row per line (no field spans lines).</summary>
    private static List<(int Index, string Id)> SourceIds(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.Sources, file));
        Assert.StartsWith("school_name,longitude,latitude,education_level,country_iso3_code,giga_id_school,school_data_source", lines[0]);
        return lines.Skip(1).Where(l => l.Length > 0).Select((line, i) => (i, Assert.Single(Uuid().Matches(line)).Value)).ToList();
    }

    [Fact]
    public void The_layer_holds_each_distinct_id_of_the_three_files_once_less_the_rows_rejected_for_other_reasons()
    {
        var (report, features) = Imported.Value;
        var rejectedRows = report.Rejections.Where(r => !r.Reason.StartsWith("duplicate id", StringComparison.Ordinal))
            .Select(r => (r.File, r.Index)).ToHashSet();

        var expected = GigaSchools.Files
            .SelectMany(file => SourceIds(file).Where(row => !rejectedRows.Contains((file, row.Index))).Select(row => row.Id))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(expected.Count, features.Count);
        Assert.Equal(expected.Count, report.Written);
        Assert.True(expected.SetEquals(features.Keys));
        using var committed = LayerOutput.Features(Path.Combine(TestPaths.Layers, "giga-schools.fgb"));
        Assert.Equal(expected.Count, committed.RootElement.GetProperty("features").GetArrayLength());
        Assert.Equal(GigaSchools.Files.Sum(f => SourceIds(f).Count), report.Read);
    }

    [Fact]
    public void The_repeated_id_of_the_Kenya_file_is_rejected_as_a_duplicate_and_the_first_row_kept()
    {
        var (report, features) = Imported.Value;
        var kenya = SourceIds(GigaSchools.Files[0]);
        int first = kenya.First(r => r.Id == RepeatedId).Index, second = kenya.Last(r => r.Id == RepeatedId).Index;

        var duplicate = Assert.Single(report.Rejections, r => r.Reason.StartsWith("duplicate id", StringComparison.Ordinal));

        Assert.Equal("giga-schools/schools_location_data_KEN.csv", duplicate.File);
        Assert.Equal(second, duplicate.Index);
        Assert.Equal(RepeatedId, duplicate.FeatureId);
        Assert.Equal($"duplicate id '{RepeatedId}' (first used by feature #{first})", duplicate.Reason);
        Assert.Equal("KALYET SECONDARY SCHOOL", features[RepeatedId].GetProperty("properties").GetProperty("school_name").GetString());
    }

    [Theory]
    // A row as the source has it, and the properties it must give.
    [InlineData("c2f348ab-e259-3e10-85b5-ea526f52f813", 40.1012039, 0.0745006, "ABAKAILE", "Primary", "KEN", null, "Kenya")]
    [InlineData("419c7fe5-8ac3-3fb3-afed-0c30aebc5b8c", 35.29288, 0.51715, "Kapsoya Primary School", "Primary", "KEN", null, "Kenya")] // school_data_source 'nan'
    [InlineData("ff9ee05a-4ca5-3362-8b6b-64a89ea5d750", 23.7264996, -28.7978592, "AALWYN INTERMEDIÊRE SKOOL", "Primary", "ZAF", null, "South Africa")]
    [InlineData("08c544a2-6c99-3095-9dff-23b5fe55f7b3", 18.2653866, 44.0236053, "GIMNAZIJA \"MUHSIN RIZVIĆ\" BREZA", "Other", "BIH", null, "Bosnia and Herzegovina")]
    [InlineData("f487d0f9-264e-31dc-a7c4-0b1a59e98cc4", 17.5512657, 43.4010696, "Druga osnovna škola Široki Brijeg, područna škola Dobrkovići", "Primary", "BIH", null, "Bosnia and Herzegovina")]
    public void A_row_maps_to_Giga_s_columns_with_country_added(string id, double lon, double lat, string name, string level, string iso3, string? dataSource, string countryName)
    {
        var feature = Imported.Value.Features[id];
        var properties = feature.GetProperty("properties");
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");

        Assert.Equal(["giga_id_school", "school_name", "education_level", "country_iso3_code", "school_data_source", "country", "country_name"],
            properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(id, properties.GetProperty("giga_id_school").GetString());
        Assert.Equal(name, properties.GetProperty("school_name").GetString());
        Assert.Equal(level, properties.GetProperty("education_level").GetString());
        Assert.Equal(iso3, properties.GetProperty("country_iso3_code").GetString());
        Assert.Equal(dataSource, properties.GetProperty("school_data_source").GetString());
        Assert.Equal(iso3, properties.GetProperty("country").GetString());
        Assert.Equal(countryName, properties.GetProperty("country_name").GetString());
        Assert.Equal(lon, coordinates[0].GetDouble());
        Assert.Equal(lat, coordinates[1].GetDouble());
    }

    [Fact]
    public void Every_education_level_in_the_layer_is_in_the_queryable_enum_and_every_feature_has_a_country()
    {
        var features = Imported.Value.Features.Values.Select(f => f.GetProperty("properties")).ToList();
        var metadata = new GigaSchools().Metadata;

        var levels = features.Select(p => p.GetProperty("education_level").GetString()!).ToHashSet();

        Assert.Subset(metadata.Queryables.Single(q => q.Name == "education_level").Values!.ToHashSet(), levels);
        Assert.All(features, p => Assert.Equal(3, p.GetProperty("country").GetString()!.Length));
        Assert.All(features, p => Assert.NotNull(p.GetProperty("country_name").GetString()));
        Assert.Equal(["country", "education_level", "giga_id_school", "school_data_source"], metadata.Queryables.Select(q => q.Name));
        Assert.Equal("CC-BY-4.0", metadata.License);
        Assert.Contains("Giga", metadata.Attribution);
    }

    [Fact]
    public void A_row_with_bad_coordinates_is_rejected_by_the_validator_with_the_reason()
    {
        string root = TestPaths.NewTempDirectory();
        try
        {
            string sources = Path.Combine(root, "sources");
            Directory.CreateDirectory(Path.Combine(sources, "country-boundaries"));
            File.WriteAllText(Path.Combine(sources, ImportContext.BoundariesFile), """{"type":"FeatureCollection","features":[]}""");
            Directory.CreateDirectory(Path.Combine(sources, GigaSchools.Folder));
            const string header = "school_name,longitude,latitude,education_level,country_iso3_code,giga_id_school,school_data_source\r\n";
            File.WriteAllText(Path.Combine(sources, GigaSchools.Files[0]), header
                + "A,36.8,-1.3,Primary,KEN,a,\r\n"
                + "B,,-1.3,Primary,KEN,b,\r\n"
                + "C,36.8,95,Primary,KEN,c,\r\n"
                + "D,nan,nan,Primary,KEN,d,\r\n"
                + "E,36.8,-1.3,Primary,,,\r\n");
            File.WriteAllText(Path.Combine(sources, GigaSchools.Files[1]), header);
            File.WriteAllText(Path.Combine(sources, GigaSchools.Files[2]), header + "F,18.4,43.8,Other,BIH,a,\r\n");

            var report = Importer.Run(sources, Path.Combine(root, "layers"), [new GigaSchools()]).Layers.Single();

            Assert.Equal((6, 1, 5), (report.Read, report.Written, report.Rejected));
            Assert.Equal("no point: longitude '' is missing or not a number", report.Rejections[0].Reason);
            Assert.Contains("out of range", report.Rejections[1].Reason);
            Assert.Contains("not a finite number", report.Rejections[2].Reason);
            Assert.Equal("missing id", report.Rejections[3].Reason);
            Assert.Equal(("giga-schools/schools_location_data_BIH.csv", 0), (report.Rejections[4].File, report.Rejections[4].Index));
            Assert.StartsWith("duplicate id 'a'", report.Rejections[4].Reason);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
