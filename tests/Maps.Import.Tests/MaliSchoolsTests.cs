using System.Text.Json;
using Maps.Core.Import;
using Maps.Import.Sources;

namespace Maps.Import.Tests;

/// <summary>The <c>mali-schools</c> layer against Open Data Mali's school CSV, and its rules on synthetic rows.</summary>
public sealed class MaliSchoolsTests
{
    private static readonly Lazy<(LayerReport Report, Dictionary<string, JsonElement> Features)> Imported = new(() =>
    {
        string temp = TestPaths.NewTempDirectory();
        try
        {
            var report = Importer.Run(TestPaths.Sources, temp, [new MaliSchools()]).Layers.Single();
            using var document = LayerOutput.Features(Path.Combine(temp, "mali-schools.fgb"));
            var features = document.RootElement.GetProperty("features").EnumerateArray()
                .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.Clone(), StringComparer.Ordinal);
            return (report, features);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    });

    [Fact]
    public void The_layer_holds_every_coded_row_with_a_point_in_or_near_Mali_and_reports_the_rest()
    {
        var (report, features) = Imported.Value;
        // One row per line in this file (no field spans lines).
        int rows = File.ReadAllLines(Path.Combine(TestPaths.Sources, MaliSchools.File)).Skip(1).Count(l => l.Length > 0);
        var reasons = report.Rejections
            .GroupBy(r => r.Reason.StartsWith("no point", StringComparison.Ordinal) ? "no point"
                : r.Reason.StartsWith("point (", StringComparison.Ordinal) ? "outside Mali" : r.Reason)
            .ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(13_619, rows);
        Assert.Equal((rows, 10_151, 3_468), (report.Read, report.Written, report.Rejected));
        Assert.Equal(new Dictionary<string, int> { ["no point"] = 3_463, ["missing id"] = 4, ["outside Mali"] = 1 }, reasons);
        Assert.Equal(10_151, features.Count);
        Assert.All(features.Keys, id => Assert.StartsWith("school-mli-", id));
        using var committed = LayerOutput.Features(Path.Combine(TestPaths.Layers, "mali-schools.fgb"));
        Assert.Equal(10_151, committed.RootElement.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public void The_row_with_the_longitude_sign_error_is_rejected_as_outside_Mali()
    {
        var (report, features) = Imported.Value;

        var outside = Assert.Single(report.Rejections, r => r.Reason.StartsWith("point (", StringComparison.Ordinal));

        Assert.Equal((MaliSchools.File, 6844, "school-mli-723077"), (outside.File, outside.Index, outside.FeatureId));
        Assert.Equal("point (7.4348611111, 12.7098055556) is in NGA, not Mali (510 km outside its boundary; up to 25 km is kept)", outside.Reason);
        Assert.DoesNotContain("school-mli-723077", features.Keys);
    }

    [Theory]
    // Schools whose point the 50m boundaries put just across the border (2.5 km into Mauritania, 2.2 km into Niger): kept, as Mali's.
    [InlineData("school-mli-755006", "GOGUI")]
    [InlineData("school-mli-11030368", "FAIT")]
    public void A_border_school_just_outside_Mali_s_polygon_is_kept_as_Mali_s(string id, string name)
    {
        var properties = Imported.Value.Features[id].GetProperty("properties");

        Assert.Equal(name, properties.GetProperty("name").GetString());
        Assert.Equal("MLI", properties.GetProperty("country").GetString());
    }

    [Fact]
    public void A_row_maps_to_the_layer_s_properties()
    {
        var feature = Imported.Value.Features["school-mli-766677"];
        var properties = feature.GetProperty("properties");
        var coordinates = feature.GetProperty("geometry").GetProperty("coordinates");

        Assert.Equal(["name", "code", "level", "school_type", "region", "cercle", "commune", "locality", "pupils", "girls", "boys", "teachers", "country", "country_name"],
            properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal("A.E.CO.DA [1er C]", properties.GetProperty("name").GetString());
        Assert.Equal("766677", properties.GetProperty("code").GetString());
        Assert.Equal("1er cycle", properties.GetProperty("level").GetString());
        Assert.Equal("Communautaire", properties.GetProperty("school_type").GetString());
        Assert.Equal(("BAMAKO", "BAMAKO", "COMMUNE V"),
            (properties.GetProperty("region").GetString(), properties.GetProperty("cercle").GetString(), properties.GetProperty("commune").GetString()));
        Assert.Equal(JsonValueKind.Null, properties.GetProperty("locality").ValueKind); // empty Localites
        Assert.Equal((926, 432, 494, 9),
            (properties.GetProperty("pupils").GetInt32(), properties.GetProperty("girls").GetInt32(), properties.GetProperty("boys").GetInt32(), properties.GetProperty("teachers").GetInt32()));
        Assert.Equal(("MLI", "Mali"), (properties.GetProperty("country").GetString(), properties.GetProperty("country_name").GetString()));
        Assert.Equal(-7.9804333, coordinates[0].GetDouble());
        Assert.Equal(12.6102333, coordinates[1].GetDouble());
    }

    [Theory]
    [InlineData("school-mli-959775", "LAMBIDOU \"B\"", "Lambidou", 5)]                 // quotes undone as RFC 4180 says
    [InlineData("school-mli-943664", "DAOUDABOUGOU ''F''", "Daoudabougou", 7)]          // name trimmed (the source has a trailing blank)
    [InlineData("school-mli-729010", "AISSE AHMADOU SANGARE [1er C]", null, null)]   // NBRE ENSEIGNANTS empty: teachers null
    public void Text_is_trimmed_and_empty_fields_are_null(string id, string name, string? locality, int? teachers)
    {
        var properties = Imported.Value.Features[id].GetProperty("properties");

        Assert.Equal(name, properties.GetProperty("name").GetString());
        Assert.Equal(locality, properties.GetProperty("locality").GetString());
        var t = properties.GetProperty("teachers");
        Assert.Equal(teachers, t.ValueKind == JsonValueKind.Null ? null : t.GetInt32());
    }

    [Fact]
    public void Every_region_level_and_school_type_is_in_its_queryable_enum_and_no_feature_has_a_network_status()
    {
        var features = Imported.Value.Features.Values.Select(f => f.GetProperty("properties")).ToList();
        var metadata = new MaliSchools().Metadata;

        Assert.Equal(["country", "region", "level", "school_type"], metadata.Queryables.Select(q => q.Name));
        foreach (string name in new[] { "region", "level", "school_type" })
            Assert.Equal(metadata.Queryables.Single(q => q.Name == name).Values!.ToHashSet(),
                features.Select(p => p.GetProperty(name).GetString()!).ToHashSet());
        Assert.All(features, p => Assert.False(p.TryGetProperty("status", out _)));
        Assert.All(features, p => Assert.Equal("MLI", p.GetProperty("country").GetString()));
        Assert.Equal("ODC-PDDL-1.0", metadata.License);
        Assert.Equal("https://opendatacommons.org/licenses/pddl/1-0/", metadata.LicenseUrl);
        Assert.Contains("Open Data Mali", metadata.Attribution);
        Assert.Contains("UNICEF", metadata.Attribution);
    }

    private const string Header = "Région,AE,CAP,Cercle,Commune,NOM_ETABLISSEMENT,Localites,X,Y,CODE_ETABLISSEMENT,Localisation,CYCLE,STATUT,"
        + "PRESENCE_RESTAURANT,PRESENCE_LATRINES,LATRINES_FILLES_SEPAREES,NOMBRE_LATRINES,EAU_POTABLE,GARCONS,FILLES,TOTAL,NBRE ENSEIGNANTS\n";

    private static string Row(string name, string x, string y, string code) =>
        $"SEGOU,SEGOU,SEGOU,SEGOU,SEGOU,{name},,{x},{y},{code},,1er cycle,Public,0,1,0,2,1) robinet ,10,12,22,1\n";

    /// <summary>Boundaries with a 1° square "Mali" (lon 0..1) and a "Niger" east of it (lon 1..2), lat 0..1.</summary>
    private static string Sources(string root, string rows, bool withMali = true)
    {
        string sources = Path.Combine(root, "sources");
        Directory.CreateDirectory(Path.Combine(sources, "country-boundaries"));
        string mali = """{"type":"Feature","properties":{"iso_a3":"MLI","name":"Mali"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},""";
        File.WriteAllText(Path.Combine(sources, ImportContext.BoundariesFile), """{"type":"FeatureCollection","features":["""
            + (withMali ? mali : "")
            + """{"type":"Feature","properties":{"iso_a3":"NER","name":"Niger"},"geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}}]}""");
        Directory.CreateDirectory(Path.Combine(sources, MaliSchools.Folder));
        File.WriteAllText(Path.Combine(sources, MaliSchools.File), Header + rows);
        return sources;
    }

    [Fact]
    public void Rows_without_a_point_or_a_code_a_repeated_code_and_points_far_outside_Mali_are_rejected_with_the_reason()
    {
        string root = TestPaths.NewTempDirectory();
        try
        {
            string sources = Sources(root,
                Row("A", "0.5", "0.5", "1")          // in Mali
                + Row("B", "", "", "2")              // no point
                + Row("C", "0.5", "", "3")           // X only
                + Row("D", "0.5", "0.5", "")         // no code
                + Row("E", "0.6", "0.6", "1")        // repeated code
                + Row("F", "1.2", "0.5", "4")        // in Niger, 22 km from Mali: kept
                + Row("G", "1.5", "0.5", "5")        // in Niger, 56 km from Mali
                + Row("H", "0.5", "3", "6")          // in no country, 222 km from Mali
                + Row("I", "-0.3", "0.5", "7"));     // in no polygon, 33 km from Mali: Mali by the nearest-country rule, kept

            var report = Importer.Run(sources, Path.Combine(root, "layers"), [new MaliSchools()]).Layers.Single();

            Assert.Equal((9, 3, 6), (report.Read, report.Written, report.Rejected));
            Assert.Equal(
                [
                    (1, "school-mli-2", "no point: longitude '' is missing or not a number"),
                    (2, "school-mli-3", "no point: latitude '' is missing or not a number"),
                    (3, null, "missing id"),
                    (4, "school-mli-1", "duplicate id 'school-mli-1' (first used by feature #0)"),
                    (6, "school-mli-5", "point (1.5, 0.5) is in NER, not Mali (56 km outside its boundary; up to 25 km is kept)"),
                    (7, "school-mli-6", "point (0.5, 3) is in no country, not Mali (222 km outside its boundary; up to 25 km is kept)"),
                ],
                report.Rejections.Select(r => (r.Index, r.FeatureId, r.Reason)));
            using var layer = LayerOutput.Features(Path.Combine(root, "layers", "mali-schools.fgb"));
            Assert.Equal(["school-mli-1", "school-mli-4", "school-mli-7"],
                layer.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
            Assert.Equal("A", layer.RootElement.GetProperty("features")[0].GetProperty("properties").GetProperty("name").GetString());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Boundaries_without_Mali_fail_the_import()
    {
        string root = TestPaths.NewTempDirectory();
        try
        {
            string sources = Sources(root, Row("A", "0.5", "0.5", "1"), withMali: false);

            var e = Assert.Throws<ImportFileException>(() => Importer.Run(sources, Path.Combine(root, "layers"), [new MaliSchools()]));

            Assert.Contains(ImportContext.BoundariesFile, e.Message);
            Assert.Contains("MLI", e.Message);
            Assert.False(Directory.Exists(Path.Combine(root, "layers")) && Directory.EnumerateFiles(Path.Combine(root, "layers")).Any());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
