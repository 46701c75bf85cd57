using System.Text;
using System.Text.Json;

namespace Audit.Infrastructure.Ingest;

/// <summary>
/// Splits an Elasticsearch bulk body (NDJSON action/document pairs) into operations, in order.
/// A malformed action line refuses the whole body (as Elasticsearch does, before anything is stored);
/// a malformed document is still kept, as a raw line with the reason in its fields, because a shipper
/// would drop it on a per-item 4xx and the audit trail must not lose it.
/// </summary>
public static class BulkBodyParser
{
    public static BulkParseResult Parse(ReadOnlySpan<byte> body, in IngestDefaults defaults, int maxItems)
    {
        var items = new List<BulkItem>();
        var lineNo = 0;
        while (NextLine(ref body, ref lineNo, out var actionLine))
        {
            if (!TryReadAction(actionLine, out var action, out var index, out var id, out var error))
            {
                return new BulkParseResult([], $"line {lineNo}: {error}");
            }

            if (items.Count >= maxItems) return new BulkParseResult([], $"more than {maxItems} operations in one request", TooMany: true);
            if (action == BulkAction.Delete)
            {
                items.Add(new BulkItem(action, index, id, null));
                continue;
            }

            var actionLineNo = lineNo;
            if (!NextLine(ref body, ref lineNo, out var doc))
            {
                return new BulkParseResult([], $"line {actionLineNo}: the {Name(action)} action is not followed by a document");
            }

            items.Add(new BulkItem(action, index, id, action == BulkAction.Update ? null : DocumentLineReader.Read(doc, defaults, id, $"line {lineNo}")));
        }

        return items.Count == 0 ? new BulkParseResult([], "the request holds no operations") : new BulkParseResult(items, null);
    }

    /// <summary>Counts the operations of a body without reading the documents (for answers that store nothing).</summary>
    public static int CountOperations(ReadOnlySpan<byte> body, out IReadOnlyList<BulkAction> actions)
    {
        var list = new List<BulkAction>();
        var lineNo = 0;
        while (NextLine(ref body, ref lineNo, out var actionLine))
        {
            if (!TryReadAction(actionLine, out var action, out _, out _, out _)) break;
            list.Add(action);
            if (action != BulkAction.Delete && !NextLine(ref body, ref lineNo, out _)) break;
        }

        actions = list;
        return list.Count;
    }

    private static bool TryReadAction(ReadOnlySpan<byte> json, out BulkAction action, out string? index, out string? id, out string error)
    {
        action = default;
        index = null;
        id = null;
        error = "";
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            {
                error = "malformed action/metadata line, expected an object such as {\"create\":{…}}";
                return false;
            }

            var name = reader.GetString();
            BulkAction? known = name switch
            {
                "create" => BulkAction.Create,
                "index" => BulkAction.Index,
                "delete" => BulkAction.Delete,
                "update" => BulkAction.Update,
                _ => null,
            };
            if (known is null)
            {
                error = $"malformed action/metadata line, expected one of [create, delete, index, update] but found [{name}]";
                return false;
            }

            action = known.Value;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "malformed action/metadata line, the action must hold an object";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = reader.GetString();
                reader.Read();
                var value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => null,
                };
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                if (field == "_index") index = value;
                else if (field == "_id") id = string.IsNullOrEmpty(value) ? null : value; // rsyslog sends "" when it has no id
            }

            if (reader.TokenType != JsonTokenType.EndObject || !reader.Read() || reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "malformed action/metadata line, expected exactly one action";
                return false;
            }
        }
        catch (JsonException e)
        {
            error = "malformed action/metadata line: " + e.Message;
            return false;
        }

        return true;
    }

    // The next line that is not blank; blank lines between pairs are tolerated (rsyslog templates add them).
    private static bool NextLine(ref ReadOnlySpan<byte> body, ref int lineNo, out ReadOnlySpan<byte> line)
    {
        while (!body.IsEmpty)
        {
            lineNo++;
            var nl = body.IndexOf((byte)'\n');
            line = nl < 0 ? body : body[..nl];
            body = nl < 0 ? default : body[(nl + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            if (!line.Trim(" \t"u8).IsEmpty) return true;
        }

        line = default;
        return false;
    }

    private static string Name(BulkAction a) => a switch
    {
        BulkAction.Create => "create",
        BulkAction.Index => "index",
        BulkAction.Delete => "delete",
        _ => "update",
    };
}

/// <summary>The operation named by a bulk action line.</summary>
public enum BulkAction
{
    Create = 0,
    Index = 1,
    Delete = 2,
    Update = 3,
}

/// <summary>
/// One operation of a bulk body, in order. <see cref="Line"/> is the line to store for create/index;
/// delete and update carry none (the audit store is append-only).
/// </summary>
public sealed record BulkItem(BulkAction Action, string? Index, string? Id, RawLine? Line)
{
    public string ActionName => Action switch
    {
        BulkAction.Create => "create",
        BulkAction.Index => "index",
        BulkAction.Delete => "delete",
        _ => "update",
    };
}

/// <summary>The operations of a bulk body, or why the whole body is refused.</summary>
public sealed record BulkParseResult(IReadOnlyList<BulkItem> Items, string? Error, bool TooMany = false)
{
    public bool Ok => Error is null;
}
