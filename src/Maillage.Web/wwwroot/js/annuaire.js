// Disease suggestions for the directory search: the ARIA 1.2 combobox pattern (editable combobox with list
// autocomplete). Progressive enhancement: without this script the form still submits "q" and the page lists matches.
(function () {
    'use strict';
    var box = document.querySelector('.maillage-combobox');
    if (!box) return;
    var input = box.querySelector('input.fr-input');
    var code = box.querySelector('input[type="hidden"][name="orpha"]');
    var list = box.querySelector('[role="listbox"]');
    var status = box.querySelector('[role="status"]');
    var url = box.getAttribute('data-suggest-url');
    var items = [];
    var active = -1;
    var timer = null;
    var seq = 0;

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);

    function close() {
        // Closing (a choice, Escape, leaving the field) drops what is still on its way: a late answer to an earlier
        // keystroke must not reopen the list over the user's choice.
        clearTimeout(timer);
        seq++;
        list.hidden = true;
        input.setAttribute('aria-expanded', 'false');
        input.removeAttribute('aria-activedescendant');
        active = -1;
    }

    function highlight(i) {
        var options = list.querySelectorAll('[role="option"]');
        options.forEach(function (o, k) { o.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
        active = i;
        if (i >= 0 && options[i]) {
            input.setAttribute('aria-activedescendant', options[i].id);
            options[i].scrollIntoView({ block: 'nearest' });
        } else {
            input.removeAttribute('aria-activedescendant');
        }
    }

    function choose(i) {
        var s = items[i];
        if (!s) return;
        input.value = s.name;
        code.value = String(s.orpha_code);
        code.disabled = false;
        close();
        status.textContent = s.name + ' sélectionnée (ORPHA:' + s.orpha_code + ').';
    }

    function render(suggestions) {
        // A late answer may replace the list while the user is on an option: keep that option highlighted.
        var kept = active >= 0 && items[active] ? items[active].orpha_code : null;
        items = suggestions;
        list.textContent = '';
        if (!suggestions.length) {
            close();
            status.textContent = input.value.trim().length >= 2 ? 'Aucune maladie suggérée.' : '';
            return;
        }
        suggestions.forEach(function (s, i) {
            var li = document.createElement('li');
            li.id = 'maladie-option-' + i;
            li.setAttribute('role', 'option');
            li.setAttribute('aria-selected', 'false');
            li.appendChild(document.createTextNode(s.name));
            var detail = document.createElement('span');
            detail.className = 'maillage-option-detail';
            detail.textContent = 'ORPHA:' + s.orpha_code + (s.matched_text !== s.name && s.matched_label !== 'orphacode' ? ' – « ' + s.matched_text + ' »' : '');
            li.appendChild(detail);
            li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
            list.appendChild(li);
        });
        list.hidden = false;
        input.setAttribute('aria-expanded', 'true');
        active = -1;
        if (kept !== null) {
            var again = suggestions.findIndex(function (s) { return s.orpha_code === kept; });
            if (again >= 0) highlight(again);
        }
        status.textContent = suggestions.length + ' maladie' + (suggestions.length > 1 ? 's suggérées' : ' suggérée') + ', flèches haut et bas pour parcourir.';
    }

    function fetchSuggestions() {
        var q = input.value.trim();
        if (q.length < 2) { render([]); return; }
        var mine = ++seq;
        fetch(url + '?q=' + encodeURIComponent(q), { headers: { 'Accept': 'application/json' } })
            .then(function (r) { return r.ok ? r.json() : []; })
            .then(function (data) { if (mine === seq) render(data); })
            .catch(function () { /* suggestions are a convenience: the form still works */ });
    }

    input.addEventListener('input', function () {
        code.value = '';
        code.disabled = true;
        clearTimeout(timer);
        timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener('keydown', function (e) {
        var open = !list.hidden;
        if (e.key === 'ArrowDown') {
            if (!open) { fetchSuggestions(); return; }
            e.preventDefault();
            highlight(Math.min(active + 1, items.length - 1));
        } else if (e.key === 'ArrowUp' && open) {
            e.preventDefault();
            highlight(Math.max(active - 1, 0));
        } else if (e.key === 'Enter' && open && active >= 0) {
            e.preventDefault();
            choose(active);
        } else if (e.key === 'Escape' && open) {
            e.preventDefault();
            close();
        }
    });
    input.addEventListener('blur', function () { setTimeout(close, 100); });
}());
