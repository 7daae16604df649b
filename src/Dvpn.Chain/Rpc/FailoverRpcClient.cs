using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.JsonRpc.Client;
using Nethereum.JsonRpc.Client.RpcMessages;
using Polly;
using Polly.Retry;

namespace Dvpn.Chain.Rpc;

/// <summary>
/// A JSON-RPC client over a list of endpoints: a call that fails for a transient reason (connection refused, timeout,
/// rate limit) moves to the next endpoint and is retried with exponential backoff. Calls that send a transaction are
/// never retried here: resending is the caller's decision, after it has looked for a receipt.
/// </summary>
public sealed partial class FailoverRpcClient : IClient
{
    private readonly IClient[] _endpoints;
    private readonly Uri[] _uris;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;
    private int _current;

    /// <summary>Creates a client over <paramref name="endpoints"/>, tried in order.</summary>
    /// <param name="endpoints">At least one JSON-RPC URL.</param>
    /// <param name="options">Retry settings; defaults are documented on <see cref="RpcFailoverOptions"/>.</param>
    /// <param name="timeProvider">Clock for backoff delays; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Logger; nothing is logged when null.</param>
    public FailoverRpcClient(IReadOnlyList<Uri> endpoints, RpcFailoverOptions? options = null,
        TimeProvider? timeProvider = null, ILogger<FailoverRpcClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.Count == 0)
        {
            throw new ArgumentException("at least one RPC endpoint is required", nameof(endpoints));
        }

        options ??= new RpcFailoverOptions();
        _uris = [.. endpoints];
        _endpoints = [.. endpoints.Select(u => (IClient)new RpcClient(u))];
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = Math.Max(options.MaxRetries, 0),
                Delay = options.InitialDelay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    int from = Volatile.Read(ref _current);
                    int to = (from + 1) % _endpoints.Length;
                    Interlocked.CompareExchange(ref _current, to, from);
                    LogFailover(_logger, args.AttemptNumber + 1, _uris[from].Host, _uris[to].Host,
                        args.Outcome.Exception?.GetType().Name ?? "unknown");
                    return default;
                },
            })
            .Build();
    }

    /// <summary>The endpoint that calls go to now.</summary>
    public Uri CurrentEndpoint => _uris[Volatile.Read(ref _current)];

    /// <inheritdoc />
    public Task<T> SendRequestAsync<T>(RpcRequest request, string? route = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(request.Method, c => c.SendRequestAsync<T>(request, route));
    }

    /// <inheritdoc />
    public Task<T> SendRequestAsync<T>(string method, string? route = null, params object[] paramList) =>
        Run(method, c => c.SendRequestAsync<T>(method, route, paramList));

    /// <inheritdoc />
    public Task<RpcResponseMessage> SendAsync(RpcRequestMessage rpcRequestMessage, string? route = null)
    {
        ArgumentNullException.ThrowIfNull(rpcRequestMessage);
        return Run(rpcRequestMessage.Method, c => c.SendAsync(rpcRequestMessage, route));
    }

    /// <inheritdoc />
    public Task SendRequestAsync(RpcRequest request, string? route = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(request.Method, async c => { await c.SendRequestAsync(request, route).ConfigureAwait(false); return true; });
    }

    /// <inheritdoc />
    public Task SendRequestAsync(string method, string? route = null, params object[] paramList) =>
        Run(method, async c => { await c.SendRequestAsync(method, route, paramList).ConfigureAwait(false); return true; });

    /// <inheritdoc />
    public T DecodeResult<T>(RpcResponseMessage rpcResponseMessage) => _endpoints[0].DecodeResult<T>(rpcResponseMessage);

    /// <summary>Not supported: interceptors belong on the endpoints; failover is this class's own interception.</summary>
    public RequestInterceptor? OverridingRequestInterceptor
    {
        get => null;
        set => throw new NotSupportedException("set interceptors on the endpoint clients, not on the failover client");
    }

    /// <inheritdoc />
    public Task<RpcRequestResponseBatch> SendBatchRequestAsync(RpcRequestResponseBatch rpcRequestResponseBatch)
    {
        ArgumentNullException.ThrowIfNull(rpcRequestResponseBatch);
        bool sends = rpcRequestResponseBatch.GetRpcRequests().Any(r => IsSend(r.Method));
        return Run(sends ? "eth_sendRawTransaction" : "batch", c => c.SendBatchRequestAsync(rpcRequestResponseBatch));
    }

    private async Task<T> Run<T>(string method, Func<IClient, Task<T>> call)
    {
        try
        {
            if (IsSend(method))
            {
                return await call(_endpoints[Volatile.Read(ref _current)]).ConfigureAwait(false);
            }

            return await _pipeline.ExecuteAsync(
                static async (state, _) => await state.call(state.self._endpoints[Volatile.Read(ref state.self._current)]).ConfigureAwait(false),
                (self: this, call),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransient(e))
        {
            throw new ChainException($"RPC call {method} failed on every endpoint (last: {CurrentEndpoint.Host})", isTransient: true, e);
        }
    }

    internal static bool IsSend(string? method) =>
        method is "eth_sendRawTransaction" or "eth_sendTransaction";

    /// <summary>Whether trying the same call again, maybe elsewhere, can succeed.</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        RpcClientUnknownException or RpcClientTimeoutException or HttpRequestException or SocketException
            or TimeoutException => true,
        // -32005: limit exceeded (Infura, Alchemy and most providers); 429 surfaces as HttpRequestException.
        RpcResponseException r => r.RpcError?.Code == -32005,
        TaskCanceledException t => t.InnerException is TimeoutException,
        ChainException c => c.IsTransient,
        _ => e.InnerException is not null && IsTransient(e.InnerException),
    };

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "RPC attempt {Attempt} failed on {From} ({Error}); trying {To}")]
    private static partial void LogFailover(ILogger logger, int attempt, string from, string to, string error);
}
