using System.Globalization;
using Maillage.Testing;

// A test SMTP listener for scripts: accepts every message on 127.0.0.1 and writes each one to DIR as a .eml file.
//   dotnet Maillage.SmtpSink.dll [--port N] [--dir DIR] [--port-file FILE]
// --port 0 (the default) takes a free port; --port-file receives the port number once listening. Stops on Ctrl-C / SIGTERM.
var port = 0;
string? dir = null, portFile = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--port": port = int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture); break;
        case "--dir": dir = Next(); break;
        case "--port-file": portFile = Next(); break;
        default:
            await Console.Error.WriteLineAsync($"Unknown argument {args[i]}. Usage: Maillage.SmtpSink [--port N] [--dir DIR] [--port-file FILE]");
            return 2;
    }
}
dir ??= Path.Combine(Environment.CurrentDirectory, "mail");
await using var server = new SmtpTestServer(port, dir);
if (portFile is not null)
{
    var temp = portFile + ".tmp";
    await File.WriteAllTextAsync(temp, server.Port.ToString(CultureInfo.InvariantCulture));
    File.Move(temp, portFile, overwrite: true);
}
Console.WriteLine($"SMTP sink listening on 127.0.0.1:{server.Port}, writing to {Path.GetFullPath(dir)}");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
try { await Task.Delay(Timeout.Infinite, stop.Token); }
catch (OperationCanceledException) { }
Console.WriteLine($"SMTP sink stopped: {server.Messages.Count} message(s) received.");
return 0;
