using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Maps.Functions.Jobs;

/// <summary>
/// Reads data given by reference (<c>"href"</c>: a job's points, a published layer): an http(s) URL
/// such as a Blob SAS URL, streamed, never buffered whole. Addresses on this machine or a private
/// network are refused unless <c>Maps:Jobs:AllowPrivateHrefs</c> is set, so an href cannot make the
/// app read its own network's services (the check is on the address connected to, after DNS, not
/// on the name). A compressed body is decoded (a <c>Content-Encoding</c>, or a gzip file: a path
/// ending <c>.gz</c> or type <c>application/gzip</c>), and the byte limit counts decoded bytes.
/// </summary>
public sealed class InputReferences : IDisposable
{
    private readonly HttpClient _client;
    private readonly long _maxBytes;

    /// <summary>How long a read of the href's body may wait for bytes before the read fails.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    public InputReferences(IOptions<JobOptions> options)
    {
        bool allowPrivate = options.Value.AllowPrivateHrefs;
        _maxBytes = options.Value.MaxInputBytes;
        var handler = new SocketsHttpHandler
        {
            // A proxy would be the only address checked; hrefs are fetched directly.
            UseProxy = false,
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.All,
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

    /// <summary>The points at the href and their media type, within <c>Maps:Jobs:MaxInputBytes</c>; a failure is a <see cref="HrefUnreadableException"/> that says why.</summary>
    public Task<(Stream Body, string? ContentType)> OpenAsync(string href, CancellationToken cancellationToken) =>
        OpenAsync(href, "points'", _maxBytes, "Maps:Jobs:MaxInputBytes", cancellationToken);

    /// <summary>
    /// The body at the href (decoded) and its media type (null for a gzip file, whose content's type
    /// is not given), read within <paramref name="maxBytes"/> (the setting named <paramref name="limitSetting"/>);
    /// <paramref name="owner"/> names whose href it is in messages ("points'", "layer's").
    /// </summary>
    public async Task<(Stream Body, string? ContentType)> OpenAsync(string href, string owner, long maxBytes, string limitSetting, CancellationToken cancellationToken)
    {
        Uri uri;
        try
        {
            uri = Parse(href);
        }
        catch (ArgumentException e)
        {
            throw new HrefUnreadableException($"The {owner} href: {e.Message}");
        }
        string what = $"The {owner} href {Redacted(uri)}";
        HttpResponseMessage response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new HrefUnreadableException($"{what} could not be read: {e.Message}", e);
        }
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HrefUnreadableException($"{what} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }
        string? contentType = response.Content.Headers.ContentType?.MediaType;
        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (contentType is "application/gzip" or "application/x-gzip" || uri.AbsolutePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
            contentType = null;
        }
        return (new GuardedBody(body, response, maxBytes, what, limitSetting), contentType);
    }

    /// <summary>The file name at the end of an href's path, without a <c>.gz</c> ending (for choosing a format).</summary>
    public static string? FileName(string href)
    {
        string name = Path.GetFileName(Parse(href).AbsolutePath);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            name = name[..^3];
        return name.Length > 0 ? Uri.UnescapeDataString(name) : null;
    }

    /// <summary>The URL without its query (for a SAS URL, the secret) and without any user name or password.</summary>
    public static string Redacted(Uri uri) => new UriBuilder(uri) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.GetLeftPart(UriPartial.Path);

    /// <summary>Whether an address is on the public internet: not loopback, private, link-local, shared, benchmarking, multicast, or the Azure host's own.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return false;
        byte[] b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast)
                return false;
            // IPv4 inside IPv6: compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) reach the IPv4 address they carry.
            if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b))
                return IsPublic(new IPAddress(b.AsSpan(12, 4)));
            if (b[0] == 0x20 && b[1] == 0x02)
                return IsPublic(new IPAddress(b.AsSpan(2, 4)));
            return true;
        }
        return !(b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] < 32) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] < 128) || (b[0] == 198 && (b[1] == 18 || b[1] == 19)) || b[0] == 0 || b[0] == 127 || b[0] >= 224
            || (b[0] == 168 && b[1] == 63 && b[2] == 129 && b[3] == 16));
    }

    /// <summary>The href's body, read with an idle timeout and a byte limit; disposing it releases the response.</summary>
    private sealed class GuardedBody(Stream inner, HttpResponseMessage response, long maxBytes, string what, string limitSetting) : Stream
    {
        private long _read;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(IdleTimeout);
            int read;
            try
            {
                read = await inner.ReadAsync(buffer, idle.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new HrefUnreadableException($"{what} sent nothing for {IdleTimeout.TotalSeconds:F0} s; it was given up.");
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new HrefUnreadableException($"{what} broke off while it was read: {e.Message}", e);
            }
            catch (InvalidDataException e)
            {
                throw new HrefUnreadableException($"{what} is not valid compressed data: {e.Message}", e);
            }
            _read += read;
            if (_read > maxBytes)
                throw new HrefUnreadableException($"{what} holds more than {maxBytes:N0} bytes ({limitSetting}).", tooLarge: true);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>
/// Data given by href cannot be read: not an http(s) URL, refused, an error status, broken off,
/// silent, not decodable, or larger than its limit (<see cref="TooLarge"/>). The message says which,
/// with the URL's secret left out. A request answers it 400 (413 when too large); a job fails with it.
/// </summary>
public sealed class HrefUnreadableException(string message, Exception? inner = null, bool tooLarge = false) : Exception(message, inner)
{
    public HrefUnreadableException(string message, bool tooLarge) : this(message, null, tooLarge)
    {
    }

    public bool TooLarge { get; } = tooLarge;
}
