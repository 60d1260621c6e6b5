namespace WriterJobs.Emulator;

/// <summary>Route metadata naming the endpoint, so the middleware can pick its fault profile and counter.</summary>
internal sealed record EndpointTag(EmulatorEndpoint Endpoint);
