// The console's only script of its own (no inline script anywhere; see ConsoleSetup.ContentSecurityPolicy).
// It shows times in the viewer's zone (UTC stays on hover), adds keyboard shortcuts, and draws the
// dashboard's charts with Chart.js from the JSON the page carries.
(function () {
  'use strict';

  function localise(root) {
    root.querySelectorAll('time[datetime]').forEach(function (el) {
      var d = new Date(el.getAttribute('datetime'));
      if (isNaN(d.getTime())) return;
      var pad = function (n, w) { return String(n).padStart(w || 2, '0'); };
      var off = -d.getTimezoneOffset();
      var zone = 'UTC' + (off >= 0 ? '+' : '-') + pad(Math.floor(Math.abs(off) / 60)) + ':' + pad(Math.abs(off) % 60);
      el.textContent = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
        pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3) + ' ' + zone;
    });
  }

  function keyboard() {
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/') {
        var box = document.querySelector('[data-focus-key="/"]') || document.querySelector('form.filters input');
        if (box) { e.preventDefault(); box.focus(); box.select(); }
      } else if (e.key === 'j' || e.key === 'k') {
        var rows = Array.prototype.slice.call(document.querySelectorAll('[data-row]'));
        if (rows.length === 0) return;
        var current = rows.findIndex(function (r) { return r.contains(document.activeElement); });
        var next = e.key === 'j' ? Math.min(rows.length - 1, current + 1) : Math.max(0, current - 1);
        var target = rows[next].querySelector('a, summary, button');
        if (target) { e.preventDefault(); target.focus(); }
      }
    });
  }

  function localLabel(iso) {
    var d = new Date(iso);
    var pad = function (n) { return String(n).padStart(2, '0'); };
    return pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  function charts() {
    if (typeof window.Chart === 'undefined') return;
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute('data-chart'));
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      var labels = spec.labels.map(function (l) { return spec.time ? localLabel(l) : l; });
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: labels, datasets: spec.series.map(function (s) { return { label: s.name, data: s.values, borderWidth: 1, pointRadius: 0 }; }) },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          indexAxis: spec.horizontal ? 'y' : 'x',
          scales: spec.stacked ? { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } : { y: { beginAtZero: true } },
          plugins: { legend: { display: spec.series.length > 1 } }
        }
      });
    });
  }

  function start() { localise(document); keyboard(); charts(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
})();
