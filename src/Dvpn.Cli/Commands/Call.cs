using System.CommandLine;
using Dvpn.Control;
using Dvpn.Control.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Dvpn.Cli.Commands;

/// <summary>
/// One command's invocation: its parsed options, where it writes, and the channel to dvpnd (opened on first use, so
/// arguments are validated before the daemon is asked anything).
/// </summary>
internal sealed class Call(ParseResult parse, CancellationToken cancellationToken) : IDisposable
{
    // Default values are written too, so every field of the message is always present: a stable shape for scripts.
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    // Addresses and versions stay readable ("+" not "\u002B"); this is a terminal or a pipe, not HTML.
    private static readonly System.Text.Json.JsonSerializerOptions ObjectJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private GrpcChannel? _channel;

    public ParseResult Parse { get; } = parse;

    public TextWriter Out { get; } = parse.InvocationConfiguration.Output;

    public TextWriter Error { get; } = parse.InvocationConfiguration.Error;

    public bool Json { get; } = parse.GetValue(GlobalOptions.Json);

    public string Socket { get; } = GlobalOptions.ResolveSocket(parse.GetValue(GlobalOptions.Socket));

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The options for every RPC of this invocation: Ctrl-C cancels it.</summary>
    public CallOptions Options => new(cancellationToken: CancellationToken);

    public TunnelService.TunnelServiceClient Tunnel => new(Invoker);

    public EventService.EventServiceClient Events => new(Invoker);

    public ProviderService.ProviderServiceClient Providers => new(Invoker);

    public WalletService.WalletServiceClient Wallet => new(Invoker);

    public SpendingService.SpendingServiceClient Spending => new(Invoker);

    public StatsService.StatsServiceClient Stats => new(Invoker);

    public SettingsService.SettingsServiceClient Settings => new(Invoker);

    public DiagnosticsService.DiagnosticsServiceClient Diagnostics => new(Invoker);

    /// <summary>Opens the channel at the first RPC, not when a client is created: arguments are checked first.</summary>
    private LazyCallInvoker Invoker => field ??= new LazyCallInvoker(() => Channel.CreateCallInvoker());

    private GrpcChannel Channel
    {
        get
        {
            if (_channel is null)
            {
                if (!File.Exists(Socket))
                {
                    throw new DaemonNotRunningException($"dvpnd is not running (no socket at {Socket}); start it with: systemctl start dvpnd");
                }

                _channel = ControlChannel.ForUnixSocket(Socket);
            }

            return _channel;
        }
    }

    public T? Get<T>(Option<T> option) => Parse.GetValue(option);

    public T? Get<T>(Argument<T> argument) => Parse.GetValue(argument);

    public static string ToJson(IMessage message) => Formatter.Format(message);

    /// <summary>Prints a response: its JSON form with --json, else <paramref name="human"/>'s text.</summary>
    public int Print<T>(T message, Action<TextWriter, T> human)
        where T : IMessage
    {
        if (Json)
        {
            Out.WriteLine(ToJson(message));
        }
        else
        {
            human(Out, message);
        }

        Out.Flush();
        return ExitCodes.Ok;
    }

    /// <summary>Prints a result that is not one API message (version, report): <paramref name="json"/> with --json.</summary>
    public int PrintObject(System.Text.Json.Nodes.JsonObject json, Action<TextWriter> human)
    {
        if (Json)
        {
            Out.WriteLine(json.ToJsonString(ObjectJson));
        }
        else
        {
            human(Out);
        }

        Out.Flush();
        return ExitCodes.Ok;
    }

    /// <summary>Prints every message of a stream as it arrives (one JSON object per line with --json) until it ends.</summary>
    public async Task<int> PrintStreamAsync<T>(AsyncServerStreamingCall<T> call, Action<TextWriter, T> human)
        where T : IMessage
    {
        using (call)
        {
            await foreach (T message in call.ResponseStream.ReadAllAsync(CancellationToken))
            {
                Print(message, human);
            }
        }

        return ExitCodes.Ok;
    }

    public void Dispose() => _channel?.Dispose();
}
