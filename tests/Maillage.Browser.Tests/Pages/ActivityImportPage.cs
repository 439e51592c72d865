using Microsoft.Playwright;

namespace Maillage.Browser.Tests.Pages;

/// <summary>The activity extract upload page (/activite/import) and, after the upload, the job's page (/activite/import/{id}).</summary>
public sealed class ActivityImportPage(IPage page) : PageObject(page)
{
    protected override string Path => Routes.Pages.ActivityImport;

    public ILocator FileInput => Page.GetByLabel("Extraction d'activité");

    public ILocator MaxRejectRate => Page.GetByLabel("Taux de rejet maximal (%)");

    public ILocator ImportButton => Page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true });

    /// <summary>The upload's progress bar and live status (shown by the script while the file is sent).</summary>
    public ILocator UploadProgress => Page.GetByLabel("Progression du téléversement");

    public ILocator UploadStatus => Page.Locator("#televersement-statut");

    /// <summary>On the job's page: state badge, processing progress bar and live status, result summary.</summary>
    public ILocator JobState => Page.Locator("#import-etat");

    public ILocator JobProgress => Page.GetByLabel("Progression du traitement");

    public ILocator JobStatus => Page.Locator("#import-statut");

    public ILocator Summary => Page.Locator("#import-resume");

    public ILocator RejectsLink => Page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le fichier des rejets (numéro de ligne, colonne, motif)" });

    public ILocator HistoryRows => Page.Locator("#historique-imports tbody tr");

    public async Task ChooseFileAsync(string name, byte[] content) =>
        await FileInput.SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = content });
}
