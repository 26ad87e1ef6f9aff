using Maps.Core.Import;
using Maps.Import.Sources;

namespace Maps.Import.Tests;

public sealed class NormalisationTests
{
    [Theory]
    [InlineData("Operational", "operational")]
    [InlineData("operational", "operational")]
    [InlineData("In Service", "operational")]
    [InlineData("in-service", "operational")]
    [InlineData("Active", "operational")]
    [InlineData("Under construction", "under-construction")]
    [InlineData("Under Construction", "under-construction")]
    [InlineData("UNDER_CONSTRUCTION", "under-construction")]
    [InlineData("Planned", "planned")]
    [InlineData("Proposed", "planned")]
    [InlineData("Unknown", "unknown")]
    [InlineData("<NA>", "unknown")]
    [InlineData("", "unknown")]
    [InlineData("   ", "unknown")]
    [InlineData(null, "unknown")]
    [InlineData("Decommissioned?", "unknown")]
    public void Status_values_map_to_the_four_normalised_statuses(string? source, string expected)
    {
        Assert.Equal(expected, StatusNormaliser.Normalise(source));
    }

    [Theory]
    [InlineData("Operational", "Fibre Planned", "operational")]
    [InlineData(null, "Fibre Under Construction", "under-construction")]
    [InlineData(null, "Microwave Planned", "planned")]
    [InlineData(null, "Fibre Operational", "operational")]
    [InlineData(null, null, "unknown")]
    public void Node_status_falls_back_to_the_status_in_type_infr(string? nodeStatus, string? typeInfr, string expected)
    {
        Assert.Equal(expected, TransmissionNodes.Status(nodeStatus, typeInfr));
    }

    [Theory]
    [InlineData("Microwave Operational", null, "microwave")]
    [InlineData("Fibre Planned", "Fibre", "fibre")]
    [InlineData(null, "Fibre", "fibre")]
    [InlineData(null, null, "unknown")]
    [InlineData("Satellite Operational", null, "other")]
    public void Node_infrastructure_comes_from_type_infr_then_infrastructure_type(string? typeInfr, string? infrastructureType, string expected)
    {
        Assert.Equal(expected, TransmissionNodes.Infrastructure(typeInfr, infrastructureType));
    }

    [Theory]
    [InlineData(2000, "operational")]
    [InlineData(2026, "operational")]
    [InlineData(2027, "planned")]
    [InlineData(null, "unknown")]
    public void Submarine_cable_status_comes_from_the_rfs_year(int? rfsYear, string expected)
    {
        Assert.Equal(expected, Submarine.StatusFromRfs(rfsYear));
    }

    [Theory]
    [InlineData("Benin", "BEN")]
    [InlineData("Burkina Faso", "BFA")]
    [InlineData("Cape Verde", "CPV")]
    [InlineData("Cote d'Ivoire", "CIV")]
    [InlineData("Côte d'Ivoire", "CIV")]
    [InlineData("The Gambia", "GMB")]
    [InlineData("Gambia", "GMB")]
    [InlineData("Ghana", "GHA")]
    [InlineData("Guinea", "GIN")]
    [InlineData("Guinee", "GIN")]
    [InlineData("Guinea Bissau", "GNB")]
    [InlineData("Guinea-Bissau", "GNB")]
    [InlineData("Liberia", "LBR")]
    [InlineData("Mali", "MLI")]
    [InlineData("Mauritania", "MRT")]
    [InlineData("Niger", "NER")]
    [InlineData("Nigeria", "NGA")]
    [InlineData("Senegal", "SEN")]
    [InlineData("Sierra Leone", "SLE")]
    [InlineData("Togo", "TGO")]
    [InlineData("Kenya", "KEN")]
    public void Every_WATRA_country_name_maps_to_its_ISO3_code(string name, string iso3)
    {
        Assert.Equal(iso3, CountryCodes.FromName(name));
    }

    [Fact]
    public void Every_country_name_in_the_WATRA_sources_is_known()
    {
        var names = new[] { FibreLinks.File, TransmissionNodes.File, Ixps.File }
            .SelectMany(f => GeoJsonSourceReader.ReadFile(Path.Combine(TestPaths.Sources, f)).Features)
            .Select(f => f.GetString("country"))
            .Distinct()
            .ToList();

        Assert.All(names, n => Assert.NotNull(CountryCodes.FromName(n)));
        Assert.Equal(16, names.Select(CountryCodes.FromName).Distinct().Count());
    }

    [Theory]
    [InlineData("Unknown country")]
    [InlineData(null)]
    public void Unknown_country_names_give_null(string? name)
    {
        Assert.Null(CountryCodes.FromName(name));
    }

    [Theory]
    [InlineData("Abidjan, Côte d'Ivoire", "abidjan-cote-d-ivoire")]
    [InlineData("West Africa Cable System (WACS)", "west-africa-cable-system-wacs")]
    [InlineData("SAT-3/WASC", "sat-3-wasc")]
    public void Slugs_are_ascii_and_hyphenated(string name, string slug)
    {
        Assert.Equal(slug, Slug.Make(name));
    }
}
