using System.Net;
using Maps.Functions.Jobs;

namespace Maps.Functions.Tests.Processes;

/// <summary>What an href may reach, and what of it may be said in a job's message.</summary>
public sealed class InputReferencesTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("20.150.1.1", true)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.8.8.8", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("168.63.129.16", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("::10.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("64:ff9b::808:808", true)]
    [InlineData("2002:a00:1::", false)]
    [InlineData("2002:808:808::", true)]
    public void Only_public_addresses_may_be_read(string address, bool isPublic) =>
        Assert.Equal(isPublic, InputReferences.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void A_message_names_the_href_without_its_secret_or_credentials()
    {
        string said = InputReferences.Redacted(new Uri("https://user:pa55@acct.blob.core.windows.net/in/schools.csv?sv=2024&sig=SECRET#part"));

        Assert.Equal("https://acct.blob.core.windows.net/in/schools.csv", said);
    }
}
