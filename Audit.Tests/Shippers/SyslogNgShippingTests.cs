namespace Audit.Tests.Shippers;

/// <summary>Debian's syslog-ng (elasticsearch-http()) shipping through deploy/syslog-ng to the API.</summary>
[Collection(ShipperCollection.Name)]
public sealed class SyslogNgShippingTests
{
    [Fact]
    public async Task Syslog_ng_ships_every_line_exactly_once()
    {
        using var syslogNg = new SyslogNgShipper();
        await ShippingScenarios.EveryLineArrivesOnceAsync(syslogNg, 500);
    }

    [Fact]
    public async Task Syslog_ng_loses_and_doubles_nothing_when_the_api_restarts_mid_stream()
    {
        using var syslogNg = new SyslogNgShipper();
        await ShippingScenarios.ApiRestartLosesAndDoublesNothingAsync(syslogNg, 300);
    }

    [Fact]
    public async Task Syslog_ng_retries_503_and_recovers_without_loss()
    {
        using var syslogNg = new SyslogNgShipper();
        await ShippingScenarios.BackPressureIsRetriedAndRecoveredAsync(syslogNg, 200);
    }
}
