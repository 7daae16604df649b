using Dvpn.Control.Server.Authorization;
using Dvpn.Control.Server.Transport;
using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dvpn.Control.Server.Tests;

public sealed class OptionsTests
{
    public static TheoryData<ControlSocketOptions, string> BadSocketOptions => new()
    {
        { new() { Directory = "run/dvpn" }, "ControlSocketOptions.Directory must be an absolute path, not 'run/dvpn'" },
        { new() { FileName = "../dvpnd.sock" }, "ControlSocketOptions.FileName must be a plain file name, not '../dvpnd.sock'" },
        { new() { FileName = "" }, "ControlSocketOptions.FileName must be a plain file name, not ''" },
        { new() { Mode = (UnixFileMode)Convert.ToInt32("777", 8) }, "ControlSocketOptions.Mode 777 has bits other than read/write" },
        { new() { Backlog = 0 }, "ControlSocketOptions.Backlog and ProbeTimeout must be positive" },
        { new() { Directory = "/" + new string('d', 100) }, "is too long for sockaddr_un" },
    };

    [Theory]
    [MemberData(nameof(BadSocketOptions))]
    public void Bind_BadOptions_ThrowsNamingTheOption(ControlSocketOptions options, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => UnixSocketListenerSetup.Bind(options, NullLogger.Instance));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDvpnControlAuthorization_Twice_InstallsOneInterceptor()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddGrpc();
        services.AddDvpnControlAuthorization(ProbeService.Access);
        services.AddDvpnControlAuthorization(new MethodAccessTable([]));
        using var provider = services.BuildServiceProvider();

        var grpc = provider.GetRequiredService<IOptions<GrpcServiceOptions>>().Value;
        Assert.Single(grpc.Interceptors, i => i.Type == typeof(AuthorizationInterceptor));
        Assert.Same(ProbeService.Access, provider.GetRequiredService<MethodAccessTable>());
    }

    [Theory]
    [InlineData("", "/etc/group", "AccessPolicyOptions.OperatorGroup must be a group name")]
    [InlineData("dv:pn", "/etc/group", "AccessPolicyOptions.OperatorGroup must be a group name")]
    [InlineData("dvpn", "group", "AccessPolicyOptions.GroupFile must be an absolute path")]
    public void AccessPolicyOptions_Invalid_FailValidation(string group, string file, string message)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDvpnControlAuthorization(ProbeService.Access, o =>
        {
            o.OperatorGroup = group;
            o.GroupFile = file;
        });
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<AccessPolicy>());

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostStart_MalformedGroupFile_FailsNamingTheLine()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "root:x:0:\nthis is not a group line\n");
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddDvpnControlAuthorization(ProbeService.Access, o => o.GroupFile = file);
            using var host = builder.Build();

            var e = await Assert.ThrowsAsync<FormatException>(() => host.StartAsync());

            Assert.Equal("group file line 2: expected name:password:gid:members, got 'this is not a group line'", e.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
