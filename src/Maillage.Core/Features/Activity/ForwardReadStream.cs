namespace Maillage.Core.Features.Activity;

/// <summary>
/// A read-only, forward-only wrapper over another stream: the members every such wrapper of the import shares (no seek,
/// no write, no length). Subclasses read and say where they are (<see cref="Stream.Position"/>).
/// </summary>
internal abstract class ForwardReadStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
