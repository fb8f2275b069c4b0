using Microsoft.AspNetCore.Diagnostics;

namespace LifeTimeCircle.Web;

/// <summary>
/// Request bodies over the upload limit get a 413, which the status-code pages render as the German „Datei zu groß“
/// page (Pages/Fehler). A body that announces more with Content-Length is refused before it is read. A chunked body
/// (no Content-Length) is counted while it is read; when it passes the limit — noticed by this count or by Kestrel's
/// MaxRequestBodySize, whoever reads it (antiforgery, the form reader) and however they wrap the error — the answer
/// is the same 413 instead of a 400.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, long maxBodyBytes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // The re-executed error page must not be refused again (and reads no body).
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }
        if (context.Request.ContentLength > maxBodyBytes)
        {
            Refuse(context);
            return;
        }
        CountingBody? counted = null;
        if (context.Request.ContentLength is null)
        {
            counted = new CountingBody(context.Request.Body, maxBodyBytes);
            context.Request.Body = counted;
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            Refuse(context);
            return;
        }
        if (counted is { TooLarge: true } && !context.Response.HasStarted)
        {
            Refuse(context);
        }
    }

    private static void Refuse(HttpContext context)
    {
        // Headers set earlier (security headers, request id) stay; the status-code pages need no body and no content type.
        context.Response.ContentType = null;
        context.Response.ContentLength = null;
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        // The rest of the body is not wanted; do not keep the connection for it.
        context.Response.Headers.Connection = "close";
    }

    /// <summary>Passes the body through and remembers when it grew past the limit (then every further read fails).</summary>
    private sealed class CountingBody(Stream inner, long limit) : Stream
    {
        private long _read;

        public bool TooLarge { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(() => inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ThrowIfTooLarge();
            try
            {
                return Counted(await inner.ReadAsync(buffer, cancellationToken));
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                TooLarge = true;
                throw;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(Func<int> read)
        {
            ThrowIfTooLarge();
            try
            {
                return Counted(read());
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                TooLarge = true;
                throw;
            }
        }

        private int Counted(int n)
        {
            _read += n;
            if (_read > limit)
            {
                TooLarge = true;
                ThrowIfTooLarge();
            }
            return n;
        }

        private void ThrowIfTooLarge()
        {
            if (TooLarge) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
