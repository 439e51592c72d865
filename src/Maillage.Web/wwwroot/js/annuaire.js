// Disease suggestions for the directory search, with the pickers' combobox (window.MaillageCombobox, picker.js, loaded
// before this script by the layout). Progressive enhancement: without scripts the form still submits "q" and the page
// lists matches.
(function () {
    'use strict';
    var box = document.querySelector('.maillage-combobox:not([data-picker])');
    if (!box || !window.MaillageCombobox) return;
    var input = box.querySelector('input.fr-input');
    var code = box.querySelector('input[type="hidden"][name="orpha"]');
    var url = box.getAttribute('data-suggest-url');
    // The page's language (the directory is in French or English): messages and the suggested names follow it.
    var en = document.documentElement.lang === 'en';

    window.MaillageCombobox({
        input: input,
        list: box.querySelector('[role="listbox"]'),
        status: box.querySelector('[role="status"]'),
        url: function (q) { return url + '?q=' + encodeURIComponent(q) + (en ? '&lang=en' : ''); },
        label: function (s) { return s.name; },
        detail: function (s) {
            return 'ORPHA:' + s.orpha_code + (s.matched_text !== s.name && s.matched_label !== 'orphacode'
                ? (en ? ' – \u201c' + s.matched_text + '\u201d' : ' – « ' + s.matched_text + ' »') : '');
        },
        key: function (s) { return s.orpha_code; },
        choose: function (s) {
            input.value = s.name;
            code.value = String(s.orpha_code);
            code.disabled = false;
            return s.name + (en ? ' selected (ORPHA:' : ' sélectionnée (ORPHA:') + s.orpha_code + ').';
        },
        typed: function () {
            code.value = '';
            code.disabled = true;
        },
        none: function () { return en ? 'No disease suggested.' : 'Aucune maladie suggérée.'; },
        count: function (n) {
            return en
                ? n + (n > 1 ? ' diseases suggested' : ' disease suggested') + ', up and down arrows to browse.'
                : n + ' maladie' + (n > 1 ? 's suggérées' : ' suggérée') + ', flèches haut et bas pour parcourir.';
        },
        optionId: function (i) { return 'maladie-option-' + i; }
    });
}());
