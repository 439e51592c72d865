using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace Maillage.Testing;

/// <summary>A message the test SMTP server received: envelope recipients, decoded subject and text, Message-ID, raw bytes.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> To, string Subject, string Body, string? MessageId, byte[] Raw);

/// <summary>
/// A minimal SMTP server on loopback for tests and scripts (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT): it accepts
/// every message, parses it with MimeKit and keeps it (<see cref="Messages"/>), and, given a folder, writes each one there
/// as a .eml file. <see cref="Reject"/> makes it refuse the next messages with a reply of your choice (a 4xx to test
/// retries, a 5xx for a permanent refusal).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly string? _directory;
    private int _rejectCount;
    private string _rejectReply = "451 4.3.0 Temporary failure";
    private long _sequence;

    /// <param name="port">0: a free port (read <see cref="Port"/>).</param>
    /// <param name="directory">Where to write each message as a .eml file (none when null).</param>
    public SmtpTestServer(int port = 0, string? directory = null)
    {
        _directory = directory;
        if (directory is not null) Directory.CreateDirectory(directory);
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    /// <summary>How many DATA commands were refused so far.</summary>
    public int Rejected { get; private set; }

    /// <summary>Refuses the next <paramref name="count"/> messages (at the end of DATA) with <paramref name="reply"/>.</summary>
    public void Reject(int count, string reply = "451 4.3.0 Temporary failure")
    {
        _rejectReply = reply;
        Volatile.Write(ref _rejectCount, count);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using var _ = client;
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 localhost Maillage test SMTP");
            var to = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-localhost");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await writer.WriteLineAsync("250 SMTPUTF8");
                        break;
                    case "HELO": case "NOOP": case "MAIL":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RSET":
                        to.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        to.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Split(' ')[0].Trim('<', '>'));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                    {
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(_stop.Token) is { } l && l != ".") data.Append(l.StartsWith('.') ? l[1..] : l).Append("\r\n");
                        if (TryTakeRejection())
                        {
                            Rejected++;
                            await writer.WriteLineAsync(_rejectReply);
                        }
                        else
                        {
                            await KeepAsync(to.ToList(), Encoding.Latin1.GetBytes(data.ToString()));
                            await writer.WriteLineAsync("250 OK queued");
                        }
                        to.Clear();
                        break;
                    }
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The client went away or the server stops.
        }
    }

    private bool TryTakeRejection()
    {
        while (true)
        {
            var left = Volatile.Read(ref _rejectCount);
            if (left <= 0) return false;
            if (Interlocked.CompareExchange(ref _rejectCount, left - 1, left) == left) return true;
        }
    }

    private async Task KeepAsync(IReadOnlyList<string> to, byte[] raw)
    {
        using var ms = new MemoryStream(raw);
        var message = await MimeMessage.LoadAsync(ms);
        var mail = new ReceivedMail(to, message.Subject ?? "", (message.TextBody ?? "").TrimEnd(), message.MessageId, raw);
        if (_directory is not null)
        {
            // Written under a temporary name and renamed, so a script that watches the folder never reads half a file.
            var name = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Interlocked.Increment(ref _sequence):D6}.eml");
            var temp = Path.Combine(_directory, "." + name + ".tmp");
            await File.WriteAllBytesAsync(temp, raw);
            File.Move(temp, Path.Combine(_directory, name));
        }
        Messages.Enqueue(mail);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
