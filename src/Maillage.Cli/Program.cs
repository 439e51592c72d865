using Maillage.Cli;

return await CliApp.RunAsync(args);
