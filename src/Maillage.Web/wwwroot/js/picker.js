// Pickers of the forms (docs/pickers.md): a field marked data-picker (DsfrFieldTagHelper, picker="…") becomes an ARIA 1.2
// editable combobox with list autocomplete, as the directory's disease search. The visible field shows names; a hidden
// field of the same name sends the chosen id. Progressive enhancement: without this script the field takes the id or
// code itself, with a link to the list; with it, text typed without choosing is still sent as typed.
// The combobox itself is one module, window.MaillageCombobox, also used by the directory's disease search (annuaire.js).
(function () {
    'use strict';
    var MIN = 2, DELAY = 150;

    // The ARIA 1.2 combobox pattern over an input, its listbox and its live region.
    // o.url(q): the suggestion address for the typed text; o.label(s), o.detail(s): an option's text and secondary text;
    // o.key(s): what identifies a suggestion (a late answer keeps the option the user is on); o.choose(s): fills the
    // fields and returns the announcement; o.typed(): the text changed without a choice; o.none(): what to announce when
    // nothing is suggested; o.count(n): the announcement of n suggestions; o.optionId(i): an option's id.
    function combobox(o) {
        var input = o.input, list = o.list, status = o.status;
        var items = [], active = -1, timer = null, seq = 0;
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
            options.forEach(function (x, k) { x.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
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
            var said = o.choose(s);
            close();
            status.textContent = said;
        }

        function render(suggestions) {
            // A late answer may replace the list while the user is on an option: keep that option highlighted.
            var kept = active >= 0 && items[active] ? o.key(items[active]) : null;
            items = suggestions;
            list.textContent = '';
            if (!suggestions.length) {
                close();
                status.textContent = input.value.trim().length >= MIN ? o.none() : '';
                return;
            }
            suggestions.forEach(function (s, i) {
                var li = document.createElement('li');
                li.id = o.optionId(i);
                li.setAttribute('role', 'option');
                li.setAttribute('aria-selected', 'false');
                li.appendChild(document.createTextNode(o.label(s)));
                var text = o.detail(s);
                if (text) {
                    var detail = document.createElement('span');
                    detail.className = 'maillage-option-detail';
                    detail.textContent = text;
                    li.appendChild(detail);
                }
                li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
                list.appendChild(li);
            });
            list.hidden = false;
            input.setAttribute('aria-expanded', 'true');
            active = -1;
            if (kept !== null) {
                var again = suggestions.findIndex(function (s) { return o.key(s) === kept; });
                if (again >= 0) highlight(again);
            }
            status.textContent = o.count(suggestions.length);
        }

        function fetchSuggestions() {
            var q = input.value.trim();
            if (q.length < MIN) { render([]); return; }
            var mine = ++seq;
            fetch(o.url(q), { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(function (data) { if (mine === seq) render(data); })
                .catch(function () { /* suggestions are a convenience: the field still works as typed */ });
        }

        input.addEventListener('input', function () {
            o.typed();
            clearTimeout(timer);
            timer = setTimeout(fetchSuggestions, DELAY);
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
        return { close: close };
    }
    window.MaillageCombobox = combobox;

    function setUp(box) {
        var input = box.querySelector('input.fr-input');
        var url = box.getAttribute('data-suggest-url');
        if (!input || !url || !input.name || !input.id) return;
        // A hand-written field only needs the wrapper's data-picker and data-suggest-url: the list and status come here.
        var list = box.querySelector('[role="listbox"]');
        if (!list) {
            var label = box.querySelector('label');
            list = document.createElement('ul');
            list.className = 'maillage-listbox';
            list.id = input.id + '-suggestions';
            list.setAttribute('role', 'listbox');
            list.setAttribute('aria-label', 'Suggestions : ' + (label ? label.firstChild.textContent.trim() : input.id));
            list.hidden = true;
            input.insertAdjacentElement('afterend', list);
        }
        var status = box.querySelector('[role="status"]');
        if (!status) {
            status = document.createElement('p');
            status.className = 'fr-sr-only';
            status.setAttribute('role', 'status');
            status.setAttribute('aria-live', 'polite');
            list.insertAdjacentElement('afterend', status);
        }
        var fallback = box.querySelector('.maillage-picker-fallback');
        if (fallback) fallback.hidden = true;

        var hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = input.name;
        hidden.value = input.value;
        input.removeAttribute('name');
        // The visible field holds a name, longer than the code it stands for; the server still bounds the value sent.
        input.setAttribute('maxlength', '100');
        input.insertAdjacentElement('afterend', hidden);
        var shown = input.getAttribute('data-picker-label');
        if (shown && input.value) input.value = shown;

        // A field whose kind is chosen in a select next to it (an association's partner: a centre or a filière) asks the
        // suggestion route of the chosen option (its data-suggest-url); changing the kind clears the field.
        var from = box.getAttribute('data-suggest-from') ? document.getElementById(box.getAttribute('data-suggest-from')) : null;
        function currentUrl() {
            var option = from && from.selectedOptions && from.selectedOptions[0];
            return (option && option.getAttribute('data-suggest-url')) || url;
        }

        var c = combobox({
            input: input, list: list, status: status,
            url: function (q) { return currentUrl() + '?q=' + encodeURIComponent(q.slice(0, 100)); },
            label: function (s) { return s.label; },
            detail: function (s) { return s.detail; },
            key: function (s) { return s.value; },
            choose: function (s) {
                input.value = s.label;
                hidden.value = s.value;
                return s.label + ' choisi' + (s.detail ? ' (' + s.detail + ')' : '') + '.';
            },
            typed: function () { hidden.value = input.value.trim(); },
            none: function () { return 'Aucune suggestion.'; },
            count: function (n) { return n + ' suggestion' + (n > 1 ? 's' : '') + ', flèches haut et bas pour parcourir, Entrée pour choisir.'; },
            optionId: function (i) { return list.id + '-' + i; }
        });
        if (from) from.addEventListener('change', function () { c.close(); input.value = ''; hidden.value = ''; status.textContent = ''; });
    }

    document.querySelectorAll('.maillage-combobox[data-picker]').forEach(setUp);
}());
