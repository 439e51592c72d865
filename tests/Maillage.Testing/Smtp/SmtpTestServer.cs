using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Maillage.Testing;

/// <summary>A message the test SMTP server received: envelope recipients, decoded subject and body.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> To, string Subject, string Body);

/// <summary>
/// A minimal SMTP server on loopback for tests (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT): it accepts every message
/// and keeps it, decoding RFC 2047 subjects and base64 / quoted-printable bodies, so tests can assert what was e-mailed.
/// </summary>
public sealed partial class SmtpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public SmtpTestServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost test SMTP");
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-localhost");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO": case "NOOP": case "MAIL":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RSET":
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    to.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>'));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } l && l != ".") data.Append(l.StartsWith("..", StringComparison.Ordinal) ? l[1..] : l).Append("\r\n");
                    Messages.Enqueue(Parse(to.ToList(), data.ToString()));
                    to.Clear();
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 Command not implemented");
                    break;
            }
        }
    }

    private static ReceivedMail Parse(IReadOnlyList<string> to, string data)
    {
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headerText = split < 0 ? data : data[..split];
        var body = split < 0 ? "" : data[(split + 4)..];
        // Unfold header lines.
        var headers = Regex.Replace(headerText, "\r\n[ \t]+", " ").Split("\r\n")
            .Select(h => h.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var subject = DecodeWords(headers.GetValueOrDefault("Subject") ?? "");
        var encoding = headers.GetValueOrDefault("Content-Transfer-Encoding")?.ToLowerInvariant();
        var decoded = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
            "quoted-printable" => Encoding.UTF8.GetString(QuotedPrintable(body)),
            _ => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(body)),
        };
        return new ReceivedMail(to, subject, decoded.TrimEnd());
    }

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*")]
    private static partial Regex EncodedWord();

    private static string DecodeWords(string s) => EncodedWord().Replace(s, m =>
    {
        var enc = Encoding.GetEncoding(m.Groups[1].Value);
        var bytes = m.Groups[2].Value is "B" or "b"
            ? Convert.FromBase64String(m.Groups[3].Value)
            : QuotedPrintable(m.Groups[3].Value.Replace('_', ' '));
        return enc.GetString(bytes);
    });

    private static byte[] QuotedPrintable(string s)
    {
        var bytes = new List<byte>();
        s = s.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '=' && i + 2 < s.Length && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
            {
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.Add((byte)s[i]);
        }
        return [.. bytes];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
