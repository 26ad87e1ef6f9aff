using Maps.Core.Layers;

namespace Maps.Core.Tests;

/// <summary>The one shape of given metadata, as a publish and the cell-site import apply it.</summary>
public class MetadataInputTests
{
    private static readonly CollectionMetadata Current = new()
    {
        Id = "cell-sites", Title = "Cell sites", Description = "OpenCelliD", License = "CC-BY-SA-4.0", LicenseUrl = "https://creativecommons.org/licenses/by-sa/4.0/",
        Attribution = "OpenCelliD", Source = "OpenCelliD", SourceUrl = "https://opencellid.org", GeometryType = "Point", Illustrative = true,
    };

    [Fact]
    public void A_different_licence_or_source_without_a_url_leaves_none_and_the_same_keeps_it()
    {
        var changed = new MetadataInput { License = "CC-BY-4.0", Attribution = " ITU ", Source = "ITU" }.ApplyTo(Current);
        var same = new MetadataInput { License = "CC-BY-SA-4.0", Title = "  " }.ApplyTo(Current);

        Assert.Equal(("CC-BY-4.0", null, "ITU", null, "ITU"), (changed.License, changed.LicenseUrl, changed.Source, changed.SourceUrl, changed.Attribution));
        Assert.Equal((Current.LicenseUrl, Current.SourceUrl, "Cell sites"), (same.LicenseUrl, same.SourceUrl, same.Title));
        Assert.True(changed.Illustrative);
    }

    [Fact]
    public void The_upper_input_wins_member_by_member_and_a_new_collection_names_what_it_lacks()
    {
        var query = new MetadataInput { Title = "From the query", License = "" };
        var sidecar = new MetadataInput { Title = "From the sidecar", License = "MIT", Keywords = ["fibre"] };

        var given = query.Over(sidecar);

        Assert.Equal(("From the query", "MIT"), (given.Title, given.License));
        Assert.Equal(["fibre"], given.Keywords);
        Assert.Equal(["attribution", "source"], given.MissingForNew());
    }
}
