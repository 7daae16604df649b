using System.Net;
using System.Net.Sockets;
using System.Text;
using Dvpn.WireGuard.Configuration;
using Dvpn.WireGuard.Devices;
using Dvpn.WireGuard.Uapi;
using Microsoft.Extensions.Time.Testing;

namespace Dvpn.WireGuard.Tests.Uapi;

/// <summary>The client against a fake server on a real Unix socket that sends garbage.</summary>
public sealed class UapiClientTests
{
    public static TheoryData<string, string, string> Malformed() => UapiReplyCases.MalformedGetReplies();

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Get_MalformedReplyOnSocket_ThrowsUapiProtocolException(string name, string reply, string expected)
    {
        await using FakeUapiServer server = FakeUapiServer.Replying(UapiReplyCases.Bytes(reply));
        UapiClient client = new(server.SocketPath);

        UapiProtocolException e = await Assert.ThrowsAsync<UapiProtocolException>(() => client.GetAsync());

        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {e.Message}");
        Assert.DoesNotContain(UapiReplyCases.SecretHex[..16], e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Get_ReplyInTinyChunks_IsReassembled()
    {
        byte[] reply = UapiReplyCases.Bytes(UapiReplyCases.Peer("rx_bytes=5\nallowed_ip=10.0.0.0/8\n"));
        await using FakeUapiServer server = new(async (_, socket) =>
        {
            for (int i = 0; i < reply.Length; i += 3)
            {
                await socket.SendAsync(reply.AsMemory(i, Math.Min(3, reply.Length - i)));
                await Task.Delay(1);
            }
        });

        DeviceState state = await new UapiClient(server.SocketPath).GetAsync();

        Assert.Equal(5ul, Assert.Single(state.Peers).ReceivedBytes);
        Assert.Equal("get=1\n\n", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task Get_ReplyOver16MiB_IsCutOff()
    {
        byte[] line = "x_padding=0123456789abcdef\n"u8.ToArray();
        await using FakeUapiServer server = new(async (_, socket) =>
        {
            byte[] block = new byte[line.Length * 4096];
            for (int i = 0; i < 4096; i++)
            {
                line.CopyTo(block, i * line.Length);
            }

            while (true)
            {
                await socket.SendAsync(block);
            }
        });

        UapiProtocolException e = await Assert.ThrowsAsync<UapiProtocolException>(() => new UapiClient(server.SocketPath).GetAsync());

        Assert.Contains("longer than 16777216 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_EndlessLine_IsCutOffEarly()
    {
        await using FakeUapiServer server = new(async (_, socket) =>
        {
            byte[] block = Encoding.ASCII.GetBytes(new string('a', 65536));
            while (true)
            {
                await socket.SendAsync(block);
            }
        });

        UapiProtocolException e = await Assert.ThrowsAsync<UapiProtocolException>(() => new UapiClient(server.SocketPath).GetAsync());

        Assert.Contains("line longer than 4096 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ServerNeverAnswers_TimesOutAsTransient()
    {
        FakeTimeProvider time = new();
        await using FakeUapiServer server = new((_, _) => Task.Delay(Timeout.Infinite));
        UapiClient client = new(server.SocketPath, TimeSpan.FromSeconds(5), timeProvider: time);

        Task<DeviceState> get = client.GetAsync();
        await server.RequestReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(5));

        WireGuardException e = await Assert.ThrowsAsync<WireGuardException>(() => get);
        Assert.True(e.IsTransient);
        Assert.IsType<TimeoutException>(e.InnerException);
    }

    [Fact]
    public async Task Get_CallerCancels_ThrowsOperationCanceled()
    {
        await using FakeUapiServer server = new((_, _) => Task.Delay(Timeout.Infinite));
        using CancellationTokenSource cancel = new();
        Task<DeviceState> get = new UapiClient(server.SocketPath).GetAsync(cancel.Token);
        await server.RequestReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get);
    }

    [Fact]
    public async Task Get_NoSocket_ThrowsWireGuardException()
    {
        UapiClient client = new(Path.Combine(Path.GetTempPath(), "dvt-none-" + Guid.NewGuid().ToString("N"), "wg0.sock"));

        WireGuardException e = await Assert.ThrowsAsync<WireGuardException>(() => client.GetAsync());

        Assert.IsType<SocketException>(e.InnerException);
    }

    [Fact]
    public async Task Get_NegativeErrno_ThrowsUapiErrnoExceptionWithValue()
    {
        await using FakeUapiServer server = FakeUapiServer.Replying("errno=-22\n\n"u8.ToArray());

        UapiErrnoException e = await Assert.ThrowsAsync<UapiErrnoException>(() => new UapiClient(server.SocketPath).GetAsync());

        Assert.Equal(-22, e.Errno);
        Assert.Contains("errno=-22", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_SendsRequestAndAcceptsErrnoZero()
    {
        await using FakeUapiServer server = FakeUapiServer.Replying("errno=0\n\n"u8.ToArray());
        PublicKey peer = PublicKey.ParseHex(UapiReplyCases.PublicKeyHex);

        await new UapiClient(server.SocketPath).SetAsync(new InterfaceConfig
        {
            ListenPort = 51820,
            Peers = [new PeerConfig { PublicKey = peer, Endpoint = IPEndPoint.Parse("192.0.2.1:1") }],
        });

        Assert.Equal(
            $"set=1\nlisten_port=51820\npublic_key={UapiReplyCases.PublicKeyHex}\nendpoint=192.0.2.1:1\nreplace_allowed_ips=true\n\n",
            Assert.Single(server.Requests));
    }

    [Fact]
    public async Task Set_PositiveErrno_ThrowsWithValue()
    {
        await using FakeUapiServer server = FakeUapiServer.Replying("errno=1\n\n"u8.ToArray());

        UapiErrnoException e = await Assert.ThrowsAsync<UapiErrnoException>(() => new UapiClient(server.SocketPath).SetAsync(new InterfaceConfig()));

        Assert.Equal(1, e.Errno);
    }

    [Theory]
    [InlineData("listen_port=1\nerrno=0\n\n", "lines before errno")]
    [InlineData("errno=0\n", "truncated")]
    [InlineData("errno=\n\n", "errno is not")]
    [InlineData("ok\n\n", "without '='")]
    public async Task Set_MalformedReply_ThrowsUapiProtocolException(string reply, string expected)
    {
        await using FakeUapiServer server = FakeUapiServer.Replying(Encoding.ASCII.GetBytes(reply));

        UapiProtocolException e = await Assert.ThrowsAsync<UapiProtocolException>(() => new UapiClient(server.SocketPath).SetAsync(new InterfaceConfig()));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
