// Activity extract upload (/activite/import): progressive enhancement of the plain form.
// - The upload form: sent with XMLHttpRequest to show the upload progress, with a cancel button that aborts it;
//   once received, the browser goes to the job's page.
// - The job's page: polls GET /api/v1/activity/imports/{id} to show the processing progress, and reloads the page
//   when the job ends (the server renders the summary).
// Without JavaScript, the form posts normally and the job's page offers a refresh link.
(function () {
  'use strict';

  var nf = new Intl.NumberFormat('fr-FR');
  var states = { uploading: 'Téléversement', queued: 'En attente', running: 'En cours', succeeded: 'Terminé', failed: 'Échec', cancelled: 'Annulé' };

  function bytes(n) {
    if (n >= 1073741824) return nf.format(Math.round(n / 107374182.4) / 10) + ' Go';
    if (n >= 1048576) return nf.format(Math.round(n / 104857.6) / 10) + ' Mo';
    return nf.format(Math.round(n / 1024)) + ' ko';
  }

  function seconds(s) {
    return s < 90 ? nf.format(Math.round(s)) + ' s' : nf.format(Math.round(s / 60)) + ' min';
  }

  function setupUpload(form) {
    var box = document.getElementById('televersement');
    var bar = document.getElementById('televersement-progression');
    var status = document.getElementById('televersement-statut');
    var cancel = document.getElementById('televersement-annuler');
    var submit = document.getElementById('bouton-importer');
    var xhr = null;

    form.addEventListener('submit', function (event) {
      if (!window.FormData || !window.XMLHttpRequest) return; // plain form post
      event.preventDefault();
      var data = new FormData(form);
      var started = Date.now();
      xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.addEventListener('progress', function (e) {
        if (!e.lengthComputable) return;
        var percent = Math.floor(100 * e.loaded / e.total);
        var elapsed = (Date.now() - started) / 1000;
        var rate = elapsed > 0 ? e.loaded / elapsed : 0;
        bar.value = percent;
        bar.textContent = percent + ' %';
        status.textContent = 'Téléversement : ' + percent + ' % (' + bytes(e.loaded) + ' sur ' + bytes(e.total) + ')'
          + (rate > 0 && e.loaded < e.total ? ' · reste environ ' + seconds((e.total - e.loaded) / rate) : '');
      });
      xhr.addEventListener('load', function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
        if (xhr.status === 202 && answer && answer.url) {
          status.textContent = 'Fichier reçu : traitement en cours…';
          window.location.assign(answer.url);
          return;
        }
        done('Import impossible : ' + (answer && answer.error ? answer.error : 'réponse ' + xhr.status + ' du serveur.'));
      });
      xhr.addEventListener('error', function () { done('Le téléversement a échoué (connexion interrompue).'); });
      xhr.addEventListener('abort', function () { done('Téléversement annulé : rien n\'a été importé.'); });
      box.hidden = false;
      cancel.hidden = false;
      submit.disabled = true;
      bar.value = 0;
      status.textContent = 'Téléversement : 0 %';
      xhr.send(data);
    });

    cancel.addEventListener('click', function () {
      if (xhr) xhr.abort();
    });

    function done(message) {
      xhr = null;
      status.textContent = message;
      cancel.hidden = true;
      submit.disabled = false;
    }
  }

  function setupJob(section) {
    if (section.getAttribute('data-finished') === 'true') return;
    var url = section.getAttribute('data-status-url');
    var bar = document.getElementById('import-progression');
    var status = document.getElementById('import-statut');
    var badge = document.getElementById('import-etat');
    function poll() {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (job) {
          var percent = job.percent == null ? 0 : Math.floor(job.percent);
          bar.value = percent;
          bar.textContent = percent + ' %';
          badge.textContent = states[job.state] || job.state;
          var stage = job.stage.charAt(0).toUpperCase() + job.stage.slice(1);
          var text = stage + ' : ' + percent + ' % du fichier lu · ' + nf.format(job.rows) + ' lignes · rejets : ' + nf.format(job.rejected);
          if (job.rows_per_second != null) text += ' · ' + nf.format(job.rows_per_second) + ' lignes/s';
          if (job.eta_seconds != null) text += ' · reste environ ' + seconds(job.eta_seconds);
          status.textContent = text;
          if (job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled') {
            window.location.reload();
            return;
          }
          window.setTimeout(poll, 500);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    }
    window.setTimeout(poll, 300);
  }

  var form = document.getElementById('form-import');
  if (form) setupUpload(form);
  var section = document.getElementById('suivi-import');
  if (section) setupJob(section);
})();
