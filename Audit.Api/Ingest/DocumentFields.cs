namespace Audit.Api.Ingest;

/// <summary>What one JSON document told about its line, before it becomes a <c>RawLine</c>.</summary>
internal sealed class DocumentFields
{
    public string? Message;
    public int MessageRank = int.MaxValue; // lower wins: message > line > rawmsg > msg
    public bool MessageIsBare;
    public bool MessageExact = true;
    public byte[]? MessageBytes;
    public string? Host;
    public int HostRank = int.MaxValue;
    public string? Path;
    public int PathRank = int.MaxValue;
    public string? Timestamp;
    public DateTimeOffset? Time;
    public int TimestampRank = int.MaxValue;
    public string? TimeZone;
    public long? Offset;
    public string? Inode;
    public string? Device;
    public string? Fingerprint;
    public string? Program;
    public string? Pid;
    public string? DocumentId;
    public string? FieldsJson;
    public int LineLimit = Audit.Infrastructure.Ingest.IngestOptions.DefaultMaxLineBytes;
    public string? Note;
}
