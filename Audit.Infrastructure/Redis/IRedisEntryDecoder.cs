using Audit.Infrastructure.Ingest;

namespace Audit.Infrastructure.Redis;

/// <summary>Turns one list entry (a Filebeat event as JSON) into a raw line; never throws, never drops.</summary>
public interface IRedisEntryDecoder
{
    RawLine Decode(ReadOnlySpan<byte> entry);
}
