// pgwarden console: refreshes <main> in place (no full reload) and draws the Query page's graph with uPlot.
// Plain browser JavaScript, served as is by the agent: no build step, no CDN.
(function () {
  'use strict';
  var main = document.getElementById('main');

  function busy() {
    var active = document.activeElement;
    if (!active || active === document.body || active === main) return false;
    // Keyboard users keep their place: no refresh while focus is inside the content or a field is being edited.
    return main.contains(active) || active.tagName === 'INPUT' || active.tagName === 'TEXTAREA';
  }

  function refresh() {
    if (document.hidden || busy()) return;
    fetch(location.href, { headers: { 'X-Console-Fragment': '1' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.text() : undefined;
      })
      .then(function (text) {
        if (text !== undefined && !busy()) {
          main.innerHTML = text;
          main.dataset.refreshedAt = String(Date.now());
          drawGraph();
        }
      })
      .catch(function () {
        /* the agent is restarting: try again at the next tick */
      });
  }

  var seconds = Number(main && main.dataset.refresh);
  if (main && seconds > 0) setInterval(refresh, seconds * 1000);

  var chart;
  function drawGraph() {
    var box = document.getElementById('chart');
    if (!box || !window.uPlot) return;
    var url = box.getAttribute('data-src');
    if (!url) return;
    fetch(url, { credentials: 'same-origin' })
      .then(function (res) {
        return res.json();
      })
      .then(function (body) {
        if (chart) chart.destroy();
        box.textContent = '';
        if (!body.series || body.series.length === 0) {
          box.textContent = body.error || 'No history for this expression in the store.';
          return;
        }
        var data = [body.times].concat(
          body.series.map(function (s) {
            return s.values;
          }),
        );
        var series = [{}].concat(
          body.series.map(function (s, i) {
            return { label: s.name, stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: false };
          }),
        );
        chart = new window.uPlot(
          { width: Math.max(280, box.clientWidth), height: 320, series: series, scales: { x: { time: true } } },
          data,
          box,
        );
      })
      .catch(function (error) {
        box.textContent = 'The graph could not be loaded: ' + error;
      });
  }
  var PALETTE = ['#0b57d0', '#b3261e', '#1a7f37', '#8a4b00', '#6f42c1', '#00838f', '#c2185b', '#37474f'];
  drawGraph();
})();
