using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Jobs;

/// <summary>
/// Reads points given by reference (<c>"href"</c>): an http(s) URL such as a Blob SAS URL, streamed,
/// never buffered whole. Addresses on this machine or a private network are refused unless
/// <c>Maps:Jobs:AllowPrivateHrefs</c> is set, so an href cannot make the app read its own
/// network's services (the check is on the address connected to, after DNS, not on the name).
/// </summary>
public sealed class InputReferences : IDisposable
{
    private readonly HttpClient _client;

    public InputReferences(IOptions<JobOptions> options)
    {
        bool allowPrivate = options.Value.AllowPrivateHrefs;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
                var usable = addresses.Where(a => allowPrivate || IsPublic(a)).ToArray();
                if (usable.Length == 0)
                    throw new HttpRequestException($"'{context.DnsEndPoint.Host}' is not a public address; the app reads only public URLs.");
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The href as an absolute http(s) URL, or why it is not one.</summary>
    public static Uri Parse(string href) =>
        Uri.TryCreate(href, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"'{href}' is not an absolute http or https URL.");

    /// <summary>The body at the href and its media type; a failure is a <see cref="JobFailedException"/> that says why.</summary>
    public async Task<(Stream Body, string? ContentType)> OpenAsync(string href, CancellationToken cancellationToken)
    {
        var uri = Parse(href);
        HttpResponseMessage response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new JobFailedException($"The points' href {Redacted(uri)} could not be read: {e.Message}", e);
        }
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new JobFailedException($"The points' href {Redacted(uri)} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        return (await response.Content.ReadAsStreamAsync(cancellationToken), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The URL without its query, which for a SAS URL is the secret.</summary>
    public static string Redacted(Uri uri) => uri.GetLeftPart(UriPartial.Path);

    private static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        byte[] b = address.GetAddressBytes();
        return !(b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] < 32) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] < 128) || b[0] == 0 || b[0] >= 224);
    }

    public void Dispose() => _client.Dispose();
}
