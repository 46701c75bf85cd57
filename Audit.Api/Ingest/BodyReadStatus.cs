namespace Audit.Api.Ingest;

public enum BodyReadStatus
{
    Ok = 0,
    TooLarge = 1,
    UnsupportedEncoding = 2,
    Corrupt = 3,
}
