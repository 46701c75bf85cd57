using Audit.Api.Elastic;
using Audit.Api.Ingest;
using Audit.Infrastructure.Ingest;
using Audit.Infrastructure.Redis;

namespace Audit.Api.Redis;

/// <summary>Reads Redis list entries as the documents Filebeat's <c>output.redis</c> pushes.</summary>
public sealed class FilebeatEntryDecoder : IRedisEntryDecoder
{
    public RawLine Decode(ReadOnlySpan<byte> entry) => DocumentLineReader.Read(entry, default(IngestDefaults), null, "redis entry");
}
