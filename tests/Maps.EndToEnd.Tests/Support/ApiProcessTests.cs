using System.Net;
using System.Net.Sockets;

namespace Maps.EndToEnd.Tests.Support;

/// <summary>The fixture's own promise: a port another process takes before the app binds it costs a retry, not the test run.</summary>
public class ApiProcessTests
{
    [Fact]
    public async Task A_port_taken_before_the_app_binds_it_is_replaced_by_a_free_one()
    {
        var api = new StandaloneApi();
        int chosen = api.Port;
        using var squatter = new TcpListener(IPAddress.Loopback, chosen);
        squatter.Start();
        try
        {
            await api.InitializeAsync();
            Assert.NotEqual(chosen, api.Port);
            using var client = new HttpClient();
            using var response = await client.GetAsync(api.ApiRoot + "/collections");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }
}
