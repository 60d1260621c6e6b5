using System;
using System.Text.Json;
using WriterJobs.Emulator;

namespace WriterJobs.Tests.Support;

/// <summary>
/// Stands in for the emulator's FaultSettings in the net472 suite: each change is one call to
/// /_emulator/control/faults, made before the setter returns, so it holds for the test's next request.
/// </summary>
internal sealed class FaultSettings(ControlChannel control)
{
    private FaultProfile global = FaultProfile.None;
    private TimeSpan retryAfter = TimeSpan.FromSeconds(1);
    private TimeSpan stallDuration = TimeSpan.FromSeconds(30);

    public FaultProfile Global
    {
        get => global;
        set
        {
            Change("global", writer => WriteProfile(writer, value));
            global = value;
        }
    }

    public TimeSpan RetryAfter
    {
        get => retryAfter;
        set
        {
            Change("retryAfterMs", writer => writer.WriteNumberValue(value.TotalMilliseconds));
            retryAfter = value;
        }
    }

    public TimeSpan StallDuration
    {
        get => stallDuration;
        set
        {
            Change("stallMs", writer => writer.WriteNumberValue(value.TotalMilliseconds));
            stallDuration = value;
        }
    }

    public void SetProfile(EmulatorEndpoint endpoint, FaultProfile? profile) => Change("endpoint", writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("name", endpoint.ToString());
        writer.WritePropertyName("profile");
        WriteProfile(writer, profile);
        writer.WriteEndObject();
    });

    public void ForceStatus(int statusCode, Guid? jobId = null, int count = int.MaxValue) => Change("forceStatus", writer =>
    {
        writer.WriteStartObject();
        writer.WriteNumber("status", statusCode);
        writer.WriteString("jobId", jobId?.ToString());
        writer.WriteNumber("count", count);
        writer.WriteEndObject();
    });

    public void RedirectTo(Uri? target) => Change("redirectTo", writer => writer.WriteStringValue(target?.AbsoluteUri));

    public void Clear()
    {
        Change("clear", writer => writer.WriteBooleanValue(true));
        global = FaultProfile.None;
        retryAfter = TimeSpan.FromSeconds(1);
        stallDuration = TimeSpan.FromSeconds(30);
    }

    private static void WriteProfile(Utf8JsonWriter writer, FaultProfile? profile)
    {
        if (profile is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("latencyMs", profile.Latency.TotalMilliseconds);
        writer.WriteNumber("faultRate", profile.FaultRate);
        writer.WriteStartObject("mix");
        foreach (var kind in profile.Mix)
        {
            writer.WriteNumber(kind.Key.ToString(), kind.Value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void Change(string setting, Action<Utf8JsonWriter> value) => control.Post("_emulator/control/faults", writer =>
    {
        writer.WriteStartObject();
        writer.WritePropertyName(setting);
        value(writer);
        writer.WriteEndObject();
    });
}
