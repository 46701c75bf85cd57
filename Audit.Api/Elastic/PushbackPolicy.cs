namespace Audit.Api.Elastic;

/// <summary>The back-pressure answer for each shipper (see docs/migrating-from-elk.md).</summary>
public static class PushbackPolicy
{
    public static PushbackKind For(ShipperKind shipper) => shipper switch
    {
        ShipperKind.Beats => PushbackKind.Http429,
        ShipperKind.Rsyslog => PushbackKind.Item429,
        _ => PushbackKind.Http503,
    };
}
