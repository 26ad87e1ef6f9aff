using System.Text.Json;
using Maps.Core.Import;

namespace Maps.Formats.Ofds;

/// <summary>
/// What the nodes and spans of one OFDS network need from the rest of it, gathered by the first pass:
/// the network's own fields, the names of its organisations, phases and nodes (references are resolved
/// by id, as the standard's GeoJSON transformation does), and the span endpoints still to be checked.
/// </summary>
internal sealed class OfdsNetwork(int ordinal)
{
    private readonly Dictionary<string, string?> _nodeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _organisations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _phases = new(StringComparer.Ordinal);
    private List<(string Span, string Role, OfdsEndpoint Endpoint)>? _pending = [];

    /// <summary>Position of the network in the package (or first appearance in GeoJSON), from 0.</summary>
    public int Ordinal { get; } = ordinal;
    public string? Id { get; private set; }
    public string? Name { get; private set; }

    /// <summary>The publisher's name (the repository's <c>data_source</c>).</summary>
    public string? Publisher { get; private set; }

    /// <summary>The year of the collection date, else of the publication date.</summary>
    public int? DataYear { get; private set; }

    /// <summary>The CRS the network's <c>crs</c> member names; null when it has none.</summary>
    public SourceCrs? DeclaredCrs { get; private set; }

    /// <summary>True when the network publishes its nodes or spans in separate files (link relations), not in the package.</summary>
    public bool LinksSeparateFiles { get; private set; }

    public int NodeCount => _nodeNames.Count;

    /// <summary>How the network is named in messages.</summary>
    public string Label => Id is not null ? $"'{Id}'" + (Name is null ? "" : $" ({Name})") : $"#{Ordinal + 1}" + (Name is null ? "" : $" ({Name})");

    /// <summary>The id of a node or span in the upload: prefixed with the network id when the upload holds several networks.</summary>
    public string? FeatureId(string? id, bool prefix) =>
        id is null || !prefix ? id : $"{Id ?? $"network-{Ordinal + 1}"}:{id}";

    /// <summary>Reads one network-level member (the package's network object, or GeoJSON's <c>properties.network</c>).</summary>
    public void ReadMember(string name, JsonElement value, string file)
    {
        switch (name)
        {
            case "id":
                Id = OfdsJson.Text(value);
                break;
            case "name":
                Name = OfdsJson.Text(value);
                break;
            case "publisher":
                Publisher = value.ValueKind == JsonValueKind.Object ? OfdsJson.Text(value, "name") : OfdsJson.Text(value);
                break;
            case "collectionDate":
                DataYear = OfdsJson.YearOf(value) ?? DataYear;
                break;
            case "publicationDate":
                DataYear ??= OfdsJson.YearOf(value);
                break;
            case "crs":
                DeclaredCrs = OfdsCrs.Parse(value, file, Label);
                break;
            case "links":
                if (value.ValueKind == JsonValueKind.Array)
                    foreach (var link in value.EnumerateArray())
                        if (OfdsJson.Text(link, "rel") is { } rel
                            && (rel.EndsWith(":nodesFile") || rel.EndsWith(":spansFile") || rel.EndsWith(":nodesAPI") || rel.EndsWith(":spansAPI")))
                            LinksSeparateFiles = true;
                break;
        }
    }

    /// <summary>Reads every member of a network object.</summary>
    public void ReadMembers(JsonElement network, string file)
    {
        if (network.ValueKind != JsonValueKind.Object)
            return;
        foreach (var member in network.EnumerateObject())
        {
            string name;
            try
            {
                name = member.Name;
            }
            catch (InvalidOperationException)
            {
                continue; // An escaped lone surrogate: no member the reader knows.
            }
            ReadMember(name, member.Value, file);
        }
    }

    public void AddOrganisation(JsonElement organisation) => AddName(_organisations, organisation);

    public void AddPhase(JsonElement phase) => AddName(_phases, phase);

    public void AddNode(JsonElement node) => AddName(_nodeNames, node);

    /// <summary>The name of a referenced organisation: the organisation's own, else the reference's.</summary>
    public string? OrganisationName(JsonElement reference) => Resolve(_organisations, reference);

    public string? PhaseName(JsonElement reference) => Resolve(_phases, reference);

    /// <summary>The name of a span endpoint's node: the node's own, else the embedded node's.</summary>
    public string? NodeName(OfdsEndpoint endpoint) =>
        _nodeNames.TryGetValue(endpoint.Id, out string? name) && name is not null ? name : endpoint.Name;

    /// <summary>
    /// Checks a span endpoint now when all the network's nodes are known, else once they are
    /// (<see cref="CompleteNodes"/>); a dangling one throws <see cref="ImportFileException"/>.
    /// </summary>
    public void CheckEndpoint(string? span, string role, OfdsEndpoint endpoint, string file)
    {
        if (_pending is null)
            Check(span ?? "(no id)", role, endpoint, file);
        else
            _pending.Add((span ?? "(no id)", role, endpoint));
    }

    /// <summary>All the network's nodes have been read: checks the endpoints met so far, and later ones at once.</summary>
    public void CompleteNodes(string file)
    {
        if (_pending is null)
            return;
        var pending = _pending;
        _pending = null;
        foreach (var (span, role, endpoint) in pending)
            Check(span, role, endpoint, file);
    }

    /// <summary>
    /// An endpoint dangles when it names a node the network does not have. A network with no nodes in the
    /// upload (spans published alone, as GeoJSON) can only be checked for endpoints the publisher could not
    /// dereference, which stay bare ids.
    /// </summary>
    private void Check(string span, string role, OfdsEndpoint endpoint, string file)
    {
        bool dangling = _nodeNames.Count > 0 ? !_nodeNames.ContainsKey(endpoint.Id) : endpoint.Bare;
        if (dangling)
            throw new ImportFileException(file,
                $"span '{span}' of network {Label}: its {role} names node '{endpoint.Id}', which is not one of the network's nodes"
                + (LinksSeparateFiles && _nodeNames.Count == 0 ? " (its nodes are published in a separate file: upload the nodes and spans GeoJSON files as one zip)" : "")
                + "; nothing was published.");
    }

    private static void AddName(Dictionary<string, string?> names, JsonElement item)
    {
        if (OfdsJson.Text(item, "id") is { } id)
            names.TryAdd(id, OfdsJson.Text(item, "name"));
    }

    private static string? Resolve(Dictionary<string, string?> names, JsonElement reference)
    {
        if (reference.ValueKind != JsonValueKind.Object)
            return OfdsJson.Text(reference);
        return OfdsJson.Text(reference, "id") is { } id && names.TryGetValue(id, out string? name) && name is not null
            ? name
            : OfdsJson.Text(reference, "name");
    }
}
