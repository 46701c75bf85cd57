using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Audit.Api.Ingest;

/// <summary>
/// Reads a request body into memory, undoing <c>Content-Encoding: gzip</c> (or deflate) and
/// stopping as soon as the decoded size passes the limit — a gzip bomb costs at most the limit.
/// </summary>
public static class RequestBodyReader
{
    public static async Task<(BodyReadStatus Status, BodyBuffer? Body)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return (BodyReadStatus.TooLarge, null);
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream source;
        switch (encoding)
        {
            case "" or "identity":
                source = request.Body;
                break;
            case "gzip" or "x-gzip":
                source = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                break;
            case "deflate":
                source = new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
                break;
            default:
                return (BodyReadStatus.UnsupportedEncoding, null);
        }

        var body = new BodyBuffer((int)Math.Min(request.ContentLength ?? 64 * 1024, maxBytes), maxBytes);
        try
        {
            while (true)
            {
                var space = body.GetFreeSpace(64 * 1024);
                var read = await source.ReadAsync(space, ct);
                if (read == 0) break;
                body.Advance(read);
                if (body.Length > maxBytes)
                {
                    body.Dispose();
                    return (BodyReadStatus.TooLarge, null);
                }
            }
        }
        catch (InvalidDataException)
        {
            body.Dispose();
            return (BodyReadStatus.Corrupt, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body.Dispose();
            return (BodyReadStatus.TooLarge, null);
        }
        finally
        {
            if (!ReferenceEquals(source, request.Body)) await source.DisposeAsync();
        }

        return (BodyReadStatus.Ok, body);
    }
}
