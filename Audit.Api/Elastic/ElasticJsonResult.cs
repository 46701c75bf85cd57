namespace Audit.Api.Elastic;

/// <summary>A pre-rendered JSON answer with any status, as Elasticsearch-compatible routes need.</summary>
public sealed class ElasticJsonResult(int statusCode, ReadOnlyMemory<byte> body) : IResult
{
    public int StatusCode => statusCode;

    public ReadOnlyMemory<byte> Body => body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=UTF-8";
        response.ContentLength = body.Length;
        if (HttpMethods.IsHead(httpContext.Request.Method)) return;
        await response.Body.WriteAsync(body, httpContext.RequestAborted);
    }
}
