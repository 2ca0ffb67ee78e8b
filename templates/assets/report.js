// nomad-debug report niceties. The report is complete without this script: it only adds a
// severity filter, filter boxes for long tables, collapsible sections, open-all-on-print and
// flame graph zoom.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // Filter findings by severity.
  var bar = document.querySelector('#findings .filters');
  if (bar) {
    bar.hidden = false;
    bar.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-filter]');
      if (!b) return;
      var want = b.getAttribute('data-filter');
      bar.querySelectorAll('button').forEach(function (x) { x.setAttribute('aria-pressed', String(x === b)); });
      document.querySelectorAll('#findings .fgroup[data-severity]').forEach(function (g) {
        var match = want === 'all' || g.getAttribute('data-severity') === want;
        g.hidden = !match;
        if (match && want !== 'all') g.open = true;
      });
    });
  }

  // Filter boxes of the long per-agent tables: rows open and collapsed alike; typing opens the collapsed list.
  document.querySelectorAll('.filterable').forEach(function (scope) {
    var bar = scope.querySelector('.table-filter');
    if (!bar) return;
    bar.hidden = false;
    var box = bar.querySelector('input');
    box.addEventListener('input', function () {
      var q = box.value.trim().toLowerCase();
      scope.querySelectorAll('tbody tr').forEach(function (tr) {
        tr.hidden = q !== '' && tr.textContent.toLowerCase().indexOf(q) < 0;
      });
      if (q) scope.querySelectorAll('details.rest').forEach(function (d) { d.open = true; });
    });
  });

  // Collapse and expand sections.
  document.querySelectorAll('section.sec > h2').forEach(function (h) {
    var btn = document.createElement('button');
    btn.type = 'button';
    btn.className = 'toggle';
    btn.title = 'Collapse or expand this section';
    btn.setAttribute('aria-expanded', 'true');
    btn.textContent = '\u2212';
    btn.addEventListener('click', function () {
      var collapsed = h.parentElement.classList.toggle('collapsed');
      btn.setAttribute('aria-expanded', String(!collapsed));
      btn.textContent = collapsed ? '+' : '\u2212';
    });
    h.appendChild(btn);
  });

  // Print everything, including closed <details>.
  var reopened = [];
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details:not([open])').forEach(function (d) { d.open = true; reopened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });

  // Flame graph click-zoom: frames carry their position as fractions (data-x, data-w).
  var WIDTH = 1200, CHAR_PX = 6.6, NS = 'http://www.w3.org/2000/svg';
  function fit(name, px) {
    var chars = Math.floor((px - 6) / CHAR_PX);
    if (chars < 3) return '';
    return name.length <= chars ? name : name.slice(0, chars - 1) + '\u2026';
  }
  function zoom(svg, zx, zw) {
    svg.querySelectorAll('g.fr').forEach(function (g) {
      var x = +g.getAttribute('data-x'), w = +g.getAttribute('data-w');
      var l = (x - zx) / zw, r = (x + w - zx) / zw;
      if (r <= 1e-6 || l >= 1 - 1e-6) { g.style.display = 'none'; return; }
      g.style.display = '';
      l = Math.max(0, l); r = Math.min(1, r);
      var px = l * WIDTH, pw = (r - l) * WIDTH;
      var rect = g.querySelector('rect');
      rect.setAttribute('x', px.toFixed(1));
      rect.setAttribute('width', Math.max(0.5, pw - 0.5).toFixed(1));
      var title = g.querySelector('title');
      var name = title ? title.textContent.split('\n')[0] : '';
      var label = fit(name, pw);
      var t = g.querySelector('text');
      if (!t && label) {
        t = document.createElementNS(NS, 'text');
        t.setAttribute('y', String(+rect.getAttribute('y') + 12));
        g.appendChild(t);
      }
      if (t) { t.setAttribute('x', (px + 3).toFixed(1)); t.textContent = label; }
    });
  }
  document.querySelectorAll('svg.flame').forEach(function (svg) {
    svg.addEventListener('click', function (e) {
      var g = e.target.closest('g.fr');
      if (g) zoom(svg, +g.getAttribute('data-x'), +g.getAttribute('data-w') || 1);
    });
  });
})();
