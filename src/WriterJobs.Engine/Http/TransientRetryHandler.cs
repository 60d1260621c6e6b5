using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace WriterJobs.Engine.Http;

/// <summary>Sends a request again after a transient failure, with exponential backoff and jitter, or after the server's Retry-After.</summary>
internal sealed class TransientRetryHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("WriterJobs.Request");

    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    public TransientRetryHandler(WriterConnectionSettings settings, TimeProvider clock)
    {
        pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(1, settings.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(8),
                ShouldHandle = args => new ValueTask<bool>(
                    settings.MaxRetries > 0
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && FailureClassifier.ShouldRetry(RequestOf(args.Context).Method, args.Outcome.Result, args.Outcome.Exception)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Result is { } response && RetryAfter.Read(response, clock.GetUtcNow()) is { } wait
                        ? (wait > settings.MaxRetryDelay ? settings.MaxRetryDelay : wait)
                        : null),
                OnRetry = args =>
                {
                    var request = RequestOf(args.Context);
                    var why = args.Outcome.Result is { } failed ? $"answered {(int)failed.StatusCode} {failed.ReasonPhrase}" : $"failed ({args.Outcome.Exception?.GetType().Name}: {args.Outcome.Exception?.Message})";
                    RequestLog.Of(request).Verbose($"{RequestLog.Describe(request)} {why}; retry {args.AttemptNumber + 1} of {settings.MaxRetries} in {args.RetryDelay.TotalSeconds:0.###} s.");
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, self) => await self.SendOnceAsync(RequestOf(ctx), ctx.CancellationToken).ConfigureAwait(false),
                context,
                this).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private static HttpRequestMessage RequestOf(ResilienceContext context) => context.Properties.GetValue(RequestKey, null!);
}
