// Download of a rendered dsfr-chart <map-chart> as one SVG file: the map of metropolitan France and the overseas
// insets as drawn (colours read from the computed style of each shape), with a title and the source.
// A button: <button data-map-svg="ID of the map-chart" data-map-file="name.svg" data-map-title="…">.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';

  function drawnSvgs(chart) {
    var root = chart.shadowRoot || chart;
    return Array.prototype.filter.call(root.querySelectorAll('svg'), function (svg) {
      return svg.querySelector('path') && svg.getBoundingClientRect().width > 0;
    });
  }

  function inlineStyles(source, copy) {
    var from = source.querySelectorAll('path, g');
    var to = copy.querySelectorAll('path, g');
    for (var i = 0; i < from.length && i < to.length; i++) {
      var cs = getComputedStyle(from[i]);
      to[i].setAttribute('fill', cs.fill);
      to[i].setAttribute('stroke', cs.stroke);
      to[i].setAttribute('stroke-width', cs.strokeWidth);
      if (cs.display === 'none') to[i].setAttribute('display', 'none');
      to[i].removeAttribute('style');
      to[i].removeAttribute('class');
    }
  }

  // The component's legend: a CSS gradient (.scale_container) and its min and max labels.
  function addLegend(chart, out, x, y) {
    var root = chart.shadowRoot || chart;
    var scale = root.querySelector('.scale_container');
    if (!scale) return;
    var colours = (getComputedStyle(scale).backgroundImage || '').match(/rgba?\([^)]*\)|#[0-9a-fA-F]{3,8}/g);
    var labels = scale.nextElementSibling ? scale.nextElementSibling.querySelectorAll('span') : [];
    if (!colours || colours.length < 2) return;
    var defs = document.createElementNS(NS, 'defs');
    var grad = document.createElementNS(NS, 'linearGradient');
    grad.setAttribute('id', 'maillage-legend');
    colours.forEach(function (c, i) {
      var stop = document.createElementNS(NS, 'stop');
      stop.setAttribute('offset', (i / (colours.length - 1) * 100) + '%');
      stop.setAttribute('stop-color', c);
      grad.appendChild(stop);
    });
    defs.appendChild(grad);
    out.appendChild(defs);
    var caption = document.createElementNS(NS, 'text');
    caption.setAttribute('x', x); caption.setAttribute('y', y);
    caption.setAttribute('font-family', 'Marianne, Arial, sans-serif'); caption.setAttribute('font-size', 12);
    caption.textContent = 'Légende';
    out.appendChild(caption);
    var bar = document.createElementNS(NS, 'rect');
    bar.setAttribute('x', x); bar.setAttribute('y', y + 8); bar.setAttribute('width', 150); bar.setAttribute('height', 14);
    bar.setAttribute('fill', 'url(#maillage-legend)');
    out.appendChild(bar);
    [0, 1].forEach(function (i) {
      if (!labels[i]) return;
      var t = document.createElementNS(NS, 'text');
      t.setAttribute('x', x + i * 150); t.setAttribute('y', y + 38);
      t.setAttribute('text-anchor', i === 0 ? 'start' : 'end');
      t.setAttribute('font-family', 'Marianne, Arial, sans-serif'); t.setAttribute('font-size', 12);
      t.textContent = labels[i].textContent.trim();
      out.appendChild(t);
    });
  }

  function build(chart, title) {
    var svgs = drawnSvgs(chart);
    if (svgs.length === 0) return null;
    var out = document.createElementNS(NS, 'svg');
    var width = 820, mapSize = 640, inset = 120;
    var height = 60 + Math.max(mapSize, (svgs.length - 1) * (inset + 10)) + 100;
    out.setAttribute('xmlns', NS);
    out.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    out.setAttribute('width', width);
    out.setAttribute('height', height);
    out.setAttribute('role', 'img');
    var t = document.createElementNS(NS, 'title');
    t.textContent = title;
    out.appendChild(t);
    var bg = document.createElementNS(NS, 'rect');
    bg.setAttribute('width', width); bg.setAttribute('height', height); bg.setAttribute('fill', '#ffffff');
    out.appendChild(bg);
    var heading = document.createElementNS(NS, 'text');
    heading.setAttribute('x', 16); heading.setAttribute('y', 34);
    heading.setAttribute('font-family', 'Marianne, Arial, sans-serif'); heading.setAttribute('font-size', 20);
    heading.textContent = title;
    out.appendChild(heading);
    // the largest drawing is metropolitan France, the others are the overseas insets
    var sorted = svgs.slice().sort(function (a, b) {
      return b.getBoundingClientRect().width * b.getBoundingClientRect().height - a.getBoundingClientRect().width * a.getBoundingClientRect().height;
    });
    sorted.forEach(function (svg, i) {
      var copy = svg.cloneNode(true);
      inlineStyles(svg, copy);
      if (!copy.getAttribute('viewBox')) {
        var r = svg.getBoundingClientRect();
        copy.setAttribute('viewBox', '0 0 ' + r.width + ' ' + r.height);
      }
      if (i === 0) {
        copy.setAttribute('x', 0); copy.setAttribute('y', 50);
        copy.setAttribute('width', mapSize); copy.setAttribute('height', mapSize);
      } else {
        copy.setAttribute('x', mapSize + 30); copy.setAttribute('y', 50 + (i - 1) * (inset + 10));
        copy.setAttribute('width', inset); copy.setAttribute('height', inset);
      }
      out.appendChild(copy);
    });
    addLegend(chart, out, 16, height - 86);
    var source = document.createElementNS(NS, 'text');
    source.setAttribute('x', 16); source.setAttribute('y', height - 14);
    source.setAttribute('font-family', 'Marianne, Arial, sans-serif'); source.setAttribute('font-size', 12);
    source.textContent = 'Source : Maillage (' + location.host + '), fond de carte @gouvfr/dsfr-chart (MIT). Valeurs : tableau associé.';
    out.appendChild(source);
    return new XMLSerializer().serializeToString(out);
  }

  document.addEventListener('click', function (ev) {
    var button = ev.target.closest ? ev.target.closest('[data-map-svg]') : null;
    if (!button) return;
    var chart = document.getElementById(button.getAttribute('data-map-svg'));
    if (!chart) return;
    var text = build(chart, button.getAttribute('data-map-title') || document.title);
    if (!text) return;
    var url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    var a = document.createElement('a');
    a.href = url;
    a.download = button.getAttribute('data-map-file') || 'carte.svg';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
})();
