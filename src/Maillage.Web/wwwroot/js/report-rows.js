// The report's small tables (publications, projects): « Ajouter une ligne » clones the row template, « Supprimer » removes
// its row, then the form's autosave runs. Without JavaScript the page keeps a blank row and a submit button per row
// (the server removes it), so nothing here is needed to fill a report. « Imprimer » opens the browser's print.
(function () {
  'use strict';
  var counter = 0;
  function changed(form) { if (form) form.dispatchEvent(new Event('change', { bubbles: true })); }
  function refresh(table) {
    var add = table.querySelector('[data-add-row]');
    if (!add) return;
    var rows = table.querySelectorAll('tbody [data-row]').length;
    add.hidden = false;
    add.disabled = rows >= parseInt(table.getAttribute('data-max') || '0', 10);
  }
  document.querySelectorAll('[data-rows-table]').forEach(refresh);

  // The form's autosave (htmx, on change) must not race its own save: a save clicked while an autosave is on its way
  // waits for that answer, which brings the report's new version (out-of-band #report-version), then goes; once the form
  // is being submitted no autosave starts. Without this, a save clicked during a slow autosave carried the old version
  // and was refused as « modifié entre-temps » by the user's own autosave.
  var report = document.getElementById('formulaire-rapport');
  if (report) {
    var inFlight = 0, submitting = false, waiting = null;
    report.addEventListener('htmx:beforeRequest', function (event) {
      if (submitting) { event.preventDefault(); return; }
      inFlight += 1;
    });
    report.addEventListener('htmx:afterRequest', function () {
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight === 0 && waiting) {
        var submitter = waiting.submitter;
        waiting = null;
        submitting = false;
        // After the answer's swaps (the version field), as a new submission from the same button.
        setTimeout(function () { report.requestSubmit(submitter && submitter.form === report ? submitter : null); }, 0);
      }
    });
    report.addEventListener('submit', function (event) {
      if (event.defaultPrevented) return;
      if (inFlight > 0) {
        event.preventDefault();
        waiting = { submitter: event.submitter || null };
        submitting = true;
        return;
      }
      submitting = true;
    });
  }
  document.addEventListener('click', function (event) {
    var target = event.target && event.target.closest ? event.target : null;
    if (!target) return;
    var remove = target.closest('[data-remove-row]');
    if (remove) {
      event.preventDefault();
      var row = remove.closest('[data-row]');
      var table = remove.closest('[data-rows-table]');
      var form = remove.form || (table && table.closest('form'));
      if (row) row.remove();
      if (table) refresh(table);
      changed(form);
      return;
    }
    var add = target.closest('[data-add-row]');
    if (add) {
      event.preventDefault();
      var box = add.closest('[data-rows-table]');
      var template = box.querySelector('template[data-row-template]');
      var body = box.querySelector('tbody[data-rows]');
      counter += 1;
      var key = 'n' + Date.now().toString(36) + counter;
      var html = template.innerHTML.split('__key__').join(key);
      body.insertAdjacentHTML('beforeend', html);
      refresh(box);
      var first = body.lastElementChild && body.lastElementChild.querySelector('input:not([type=hidden])');
      if (first) first.focus();
      return;
    }
    if (target.closest('[data-print]')) {
      event.preventDefault();
      window.print();
    }
  });
})();
