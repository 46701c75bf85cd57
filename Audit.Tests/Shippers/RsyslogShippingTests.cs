namespace Audit.Tests.Shippers;

/// <summary>Debian's rsyslog (omelasticsearch, bulk mode) shipping through deploy/rsyslog to the API.</summary>
[Collection(ShipperCollection.Name)]
public sealed class RsyslogShippingTests
{
    [Fact]
    public async Task Rsyslog_ships_every_line_exactly_once()
    {
        using var rsyslog = new RsyslogShipper();
        await ShippingScenarios.EveryLineArrivesOnceAsync(rsyslog, 500);
    }

    [Fact]
    public async Task Rsyslog_loses_and_doubles_nothing_when_the_api_restarts_mid_stream()
    {
        using var rsyslog = new RsyslogShipper();
        await ShippingScenarios.ApiRestartLosesAndDoublesNothingAsync(rsyslog, 300);
    }

    [Fact]
    public async Task Rsyslog_retries_per_item_429_and_recovers_without_loss()
    {
        using var rsyslog = new RsyslogShipper();
        await ShippingScenarios.BackPressureIsRetriedAndRecoveredAsync(rsyslog, 200);
    }
}
