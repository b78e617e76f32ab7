// hubsim report: draws the embedded run results (protobuf's JSON mapping of
// hubsim.io.Results, engine/io/results.proto) with Chart.js.
//
// The page embeds one JSON object in <script id="hubsim-data">:
//   results     the run's results (uint64 fields are strings, as the JSON mapping says);
//   options     { targets: { pickup, delivery, next_day, calls } } as shares in [0, 1];
//   comparison  two studies compared on common random numbers, see RenderComparison;
//   tracking    a digest of the run's tracking log for the parcel lookup, see RenderTracking.
// Each section of the page is one element with a stable id and one Render* function below;
// a section whose data is absent shows a note (or stays hidden), never made-up numbers.
//
// For tests and tools, window.hubsimReport holds { data, charts: { canvas id: Chart },
// errors: [], ready }, and <html data-ready="true"> is set once every section is drawn.
(function () {
  'use strict';

  const report = { data: null, charts: {}, errors: [], ready: false };
  window.hubsimReport = report;

  // ---- formatting --------------------------------------------------------------------
  const num = (v) => (v === undefined || v === null || v === '' ? 0 : Number(v));
  const fmtInt = (v) => Math.round(num(v)).toLocaleString('en-US');
  // uint64 values (seed, events) may exceed 2^53: format their decimal strings exactly.
  const fmtBig = (v) => {
    try {
      return BigInt(String(v === undefined ? 0 : v)).toLocaleString('en-US');
    } catch (e) {
      return String(v);
    }
  };
  const fmtPct = (share, digits = 1) => (100 * share).toFixed(digits) + ' %';
  const fmtTarget = (share) => String(Number((100 * share).toFixed(1))) + ' %';
  // A rate shown beside its target: one decimal, or two when one would hide on which side
  // of the target it lies (94.96 % is a miss against 95 %, not "95.0 %").
  const fmtRateVsTarget = (rate, target) => {
    const one = (100 * rate).toFixed(1);
    const missed = rate < target;
    return (missed && Number(one) >= 100 * target) ? fmtPct(rate, 2) : one + ' %';
  };
  const fmtAmount = (v) => {
    const x = num(v);
    const a = Math.abs(x);
    if (a >= 1e9) return (x / 1e9).toFixed(2) + ' bn';
    if (a >= 1e6) return (x / 1e6).toFixed(2) + ' M';
    return Math.round(x).toLocaleString('en-US');
  };
  const humanName = (s) => String(s).replace(/_/g, ' ');

  // ---- DOM helpers (text only: names from a scenario are never parsed as HTML) --------
  const byId = (id) => document.getElementById(id);
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  function showNote(id, text) {
    const n = byId(id);
    n.textContent = text;
    n.hidden = false;
  }
  // A table from a header row and body rows; a cell is text or { text, class }.
  function fillTable(table, head, rows) {
    table.replaceChildren();
    const cell = (tag, c) => (typeof c === 'object' && c !== null
      ? el(tag, { class: c.class, text: c.text }) : el(tag, { text: String(c) }));
    table.append(el('thead', null, el('tr', null, ...head.map((h) => cell('th', h)))));
    const body = el('tbody');
    for (const r of rows) {
      const tr = el('tr', { class: r.class });
      for (const c of r.cells) tr.append(cell('td', c));
      body.append(tr);
    }
    table.append(body);
  }

  // ---- charts --------------------------------------------------------------------------
  const COLORS = {
    pickup: '#1f77b4', delivery: '#e67e22', next_day: '#2ca02c', target: '#6b7280',
    ok: '#2e8b57', late: '#f0a202', bad: '#d1495b', agents: '#0b3d91', queue: '#8e44ad',
    none: '#9aa3ad', hub: '#0b3d91',
  };
  const SURVEY = [
    ['very_satisfied', 'very satisfied', '#1a9850'],
    ['satisfied', 'satisfied', '#91cf60'],
    ['neutral', 'neutral', '#c7ccd1'],
    ['dissatisfied', 'dissatisfied', '#fc8d59'],
    ['very_dissatisfied', 'very dissatisfied', '#d73027'],
  ];
  const SQI_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948',
    '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#2f4b7c', '#a05195'];

  function setChartDefaults() {
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 12;
    Chart.defaults.color = '#3d4852';
    Chart.defaults.borderColor = '#e3e7ec';
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.responsive = true;
    Chart.defaults.plugins.legend.position = 'bottom';
    // Legend keys drawn like their series: a dot for a line with points, a dash for a
    // target or a level line, a square for a bar.
    Chart.defaults.plugins.legend.labels.usePointStyle = true;
    Chart.defaults.plugins.legend.labels.boxWidth = 10;
    Chart.defaults.plugins.legend.labels.boxHeight = 10;
    Chart.defaults.plugins.legend.labels.padding = 14;
    Chart.defaults.datasets.bar.pointStyle = 'rect';
    Chart.defaults.plugins.tooltip.mode = 'index';
    Chart.defaults.plugins.tooltip.intersect = false;
  }
  function makeChart(id, config) {
    const chart = new Chart(byId(id), config);
    report.charts[id] = chart;
    return chart;
  }
  const axisTitle = (text) => ({ display: true, text, font: { weight: '600' } });
  const percentAxis = (title, min) => ({
    min, max: 100, title: axisTitle(title), ticks: { callback: (v) => v + ' %' },
  });
  // Dashed horizontal target lines, one per distinct target value.
  function targetLines(labels, items) {
    const byValue = new Map();
    for (const it of items) {
      if (typeof it.target !== 'number') continue;
      const key = it.target.toFixed(4);
      if (!byValue.has(key)) byValue.set(key, { target: it.target, names: [] });
      byValue.get(key).names.push(it.name);
    }
    return [...byValue.values()].map((t) => ({
      type: 'line',
      label: 'target ' + fmtTarget(t.target) + (byValue.size > 1 ? ' (' + t.names.join(', ') + ')' : ''),
      data: labels.map(() => 100 * t.target),
      borderColor: COLORS.target, borderDash: [6, 4], borderWidth: 1.5,
      pointRadius: 0, pointHitRadius: 0, pointStyle: 'line', fill: false, order: 10,
    }));
  }

  // ---- sections ------------------------------------------------------------------------
  function RenderHeader(data) {
    const r = data.results;
    const name = r.scenario || '(unnamed scenario)';
    document.title = name + ' \u2014 hubsim report';
    byId('scenario-name').textContent = name;
    const facts = [
      ['seed', 'seed', r.seed === undefined ? '\u2014' : String(r.seed)],
      ['days', 'days', fmtInt(r.days)],
      ['events', 'events', fmtBig(r.events)],
    ];
    // Warm-up days are simulated but left out of every figure over the run.
    const warmup = num(r.study && r.study.warmup_days);
    if (warmup > 0) facts.splice(2, 0, ['warmup', 'warm-up days, not counted', fmtInt(warmup)]);
    if (r.conservation && num(r.conservation.created) > 0) {
      facts.push(['parcels', 'parcels', fmtInt(r.conservation.created)]);
    }
    if (r.call_center && r.call_center.total) {
      facts.push(['calls', 'calls offered', fmtInt(r.call_center.total.offered)]);
    }
    const dl = byId('run-facts');
    dl.replaceChildren(...facts.map(([id, label, value]) =>
      el('div', { id: 'fact-' + id }, el('dt', { text: label }), el('dd', { text: value }))));
  }

  // The promise tiles. With replications (results.study, hubsim.io.Study), a tile shows
  // the mean over the replications and its 95 % confidence interval; otherwise the run's
  // own rate.
  function promiseTiles(data) {
    const r = data.results;
    const t = data.options.targets || {};
    const kpi = r.kpi || {};
    const study = r.study && num(r.study.replications) >= 2 ? r.study : null;
    const studied = (name) => (study ? (study.kpi || []).find((k) => k.name === name) || null : null);
    // Replaces a tile's value by the study's mean and interval, where the study has the KPI.
    const withStudy = (tile, name) => {
      const s = studied(name);
      if (!s) return tile;
      const first = tile.count;
      return Object.assign(tile, {
        rate: num(s.mean),
        ci: s.ci_low !== undefined && s.ci_high !== undefined ? [num(s.ci_low), num(s.ci_high)] : null,
        count: (good, measured) => 'mean of ' + fmtInt(s.n) + ' replications; the first: ' + first(good, measured),
      });
    };
    const promise = (id, title, k, target, what, name) => withStudy({
      id, title, target,
      rate: k ? num(k.on_time_rate) : 0,
      measured: k ? num(k.measured) : 0,
      good: k ? num(k.on_time) : 0,
      ci: null,
      count: (good, measured) => fmtInt(good) + ' on time of ' + fmtInt(measured) + ' ' + what,
      empty: 'not measured',
    }, name);
    const tiles = [
      promise('pickup', 'Pickup within 1 h', kpi.pickup, t.pickup, 'orders measured', 'pickup_on_time'),
      promise('delivery', 'Delivery within 2 h', kpi.delivery, t.delivery, 'deliveries measured', 'delivery_on_time'),
      promise('next-day', 'Next-day delivery', kpi.next_day, t.next_day, 'parcels measured', 'next_day_on_time'),
    ];
    const cc = r.call_center;
    const total = cc && cc.total;
    const seconds = cc ? num(cc.target_seconds) : 13;
    tiles.push(withStudy({
      id: 'calls', title: 'Calls answered within ' + seconds + ' s', target: t.calls,
      rate: total ? num(total.service_level) : 0,
      measured: total ? num(total.offered) : 0,
      good: total ? num(total.answered_within_target) : 0,
      ci: null,
      count: (good, measured) => fmtInt(good) + ' of ' + fmtInt(measured) + ' calls offered',
      empty: cc ? 'no calls offered' : 'no call center',
    }, 'calls_service_level'));
    return tiles;
  }

  function RenderPromises(data) {
    const box = byId('tiles');
    box.replaceChildren();
    for (const tile of promiseTiles(data)) {
      const measured = tile.measured > 0;
      const status = !measured ? 'none' : (tile.rate >= tile.target ? 'ok' : 'miss');
      const statusText = { ok: 'target met', miss: 'target missed', none: 'no data' }[status];
      const node = el('div', {
        id: 'tile-' + tile.id, class: 'tile ' + status, 'data-status': status,
        'data-value': measured ? String(tile.rate) : '', 'data-target': String(tile.target),
        'data-measured': String(tile.measured),
      },
      el('div', { class: 'tile-title', text: tile.title }),
      el('div', { class: 'tile-value', text: measured ? fmtRateVsTarget(tile.rate, tile.target) : tile.empty }),
      el('div', { class: 'tile-status', text: statusText }),
      el('div', { class: 'tile-target', text: 'target ' + fmtTarget(tile.target) }),
      el('div', { class: 'tile-count', text: measured ? tile.count(tile.good, tile.measured) : '0 measured' }));
      if (tile.ci) {
        node.append(el('div', {
          class: 'tile-ci',
          text: '95 % CI ' + (100 * tile.ci[0]).toFixed(1) + ' \u2013 ' + fmtPct(tile.ci[1]),
        }));
      }
      box.append(node);
    }
  }

  function RenderThroughTheDay(data) {
    const r = data.results;
    const t = data.options.targets || {};
    // On-time rates by hour.
    const hours = (r.hour || []).slice().sort((a, b) => num(a.hour) - num(b.hour));
    const promises = [
      ['pickup', 'pickup within 1 h', COLORS.pickup, t.pickup],
      ['delivery', 'delivery within 2 h', COLORS.delivery, t.delivery],
      ['next_day', 'next-day', COLORS.next_day, t.next_day],
    ];
    const labels = hours.map((h) => String(num(h.hour)).padStart(2, '0') + ':00');
    const shown = promises.filter(([key]) =>
      hours.some((h) => h.kpi && h.kpi[key] && num(h.kpi[key].measured) > 0));
    if (!shown.length) {
      byId('hourly-box').hidden = true;
      showNote('hourly-note', 'No parcel promises were measured in this run (no parcel network).');
    } else {
      const series = shown.map(([key, label, color]) => ({
        type: 'line', label, borderColor: color, backgroundColor: color,
        data: hours.map((h) => {
          const k = h.kpi && h.kpi[key];
          return k && num(k.measured) > 0 ? 100 * num(k.on_time_rate) : null;
        }),
        measured: hours.map((h) => num(h.kpi && h.kpi[key] && h.kpi[key].measured)),
        borderWidth: 2.5, pointRadius: 2.5, tension: 0.2, spanGaps: false, clip: 6,
      }));
      const values = series.flatMap((s) => s.data).filter((v) => v !== null)
        .concat(shown.map((p) => 100 * (p[3] || 0)));
      const low = Math.max(0, Math.floor((Math.min(...values) - 5) / 10) * 10);
      makeChart('chart-hourly', {
        data: {
          labels,
          datasets: series.concat(targetLines(labels, shown.map((p) => ({ target: p[3], name: p[1] })))),
        },
        options: {
          scales: {
            x: { title: axisTitle('hour of the day (of the order, the outlet arrival, the pickup)') },
            y: percentAxis('on time', low),
          },
          plugins: {
            tooltip: {
              callbacks: {
                label: (c) => c.raw === null ? null : c.dataset.label + ': ' + c.raw.toFixed(1) + ' %' +
                  (c.dataset.measured ? ' (' + fmtInt(c.dataset.measured[c.dataIndex]) + ' measured)' : ''),
              },
            },
          },
        },
      });
    }

    // The call center by interval.
    const cc = r.call_center;
    const intervals = cc ? cc.interval || [] : [];
    if (!intervals.length) {
      byId('calls-box').hidden = true;
      byId('service-level-box').hidden = true;
      const why = cc ? 'The call center reported no intervals.' : 'This scenario has no call center.';
      showNote('calls-note', why);
      showNote('service-level-note', why);
      return;
    }
    // The intervals cover the days after the warm-up.
    const days = Math.max(1, num(r.days) - num(r.study && r.study.warmup_days));
    const seconds = num(cc.target_seconds);
    const perDay = (v) => num(v) / days;
    const ilabels = intervals.map((g) => g.name);
    const k = (g) => g.kpi || {};
    byId('calls-caption').textContent = 'Call center by interval: calls, agents and queue (average of ' +
      fmtInt(days) + (days === 1 ? ' day)' : ' days)');
    makeChart('chart-calls', {
      data: {
        labels: ilabels,
        datasets: [
          { type: 'bar', label: 'answered within ' + seconds + ' s', stack: 'calls', backgroundColor: COLORS.ok,
            data: intervals.map((g) => perDay(k(g).answered_within_target)), order: 2 },
          { type: 'bar', label: 'answered later', stack: 'calls', backgroundColor: COLORS.late,
            data: intervals.map((g) => perDay(num(k(g).answered) - num(k(g).answered_within_target))), order: 2 },
          { type: 'bar', label: 'abandoned', stack: 'calls', backgroundColor: COLORS.bad,
            data: intervals.map((g) => perDay(k(g).abandoned)), order: 2 },
          { type: 'line', label: 'agents staffed (mean)', yAxisID: 'y2', borderColor: COLORS.agents,
            backgroundColor: COLORS.agents, stepped: 'middle', borderWidth: 2, pointRadius: 0, pointStyle: 'line',
            data: intervals.map((g) => num(k(g).mean_agents)), order: 1 },
          { type: 'line', label: 'calls waiting (mean)', yAxisID: 'y2', borderColor: COLORS.queue,
            backgroundColor: COLORS.queue, borderDash: [4, 3], borderWidth: 2, pointRadius: 0, pointStyle: 'line',
            data: intervals.map((g) => num(k(g).mean_waiting)), order: 1 },
        ],
      },
      options: {
        scales: {
          x: { stacked: true, title: axisTitle('interval of the day (start)') },
          y: { stacked: true, beginAtZero: true, title: axisTitle('calls per interval (offered)') },
          y2: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
            title: axisTitle('agents / calls waiting') },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (c) => c.dataset.label + ': ' + c.raw.toFixed(c.dataset.type === 'bar' ? 1 : 2),
              footer: (items) => items.length
                ? 'offered: ' + perDay(k(intervals[items[0].dataIndex]).offered).toFixed(1) + ' per day' : '',
            },
          },
        },
      },
    });
    byId('service-level-caption').textContent = 'Calls answered within ' + seconds + ' s, by interval';
    const sl = intervals.map((g) => (num(k(g).offered) > 0 ? 100 * num(k(g).service_level) : null));
    makeChart('chart-service-level', {
      data: {
        labels: ilabels,
        datasets: [
          { type: 'line', label: 'service level', data: sl, borderColor: COLORS.agents,
            backgroundColor: 'rgba(11, 61, 145, 0.08)', fill: 'origin', borderWidth: 2.5, pointRadius: 1.5,
            tension: 0.2, spanGaps: false, clip: 6 },
        ].concat(targetLines(ilabels, [{ target: t.calls, name: 'calls' }])),
      },
      options: {
        scales: {
          x: { title: axisTitle('interval of the day (start)') },
          y: percentAxis('service level', 0),
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (c) => c.raw === null ? null : c.dataset.label + ': ' + c.raw.toFixed(1) + ' %',
            },
          },
        },
      },
    });
  }

  // The network drawn in an equirectangular projection: x = longitude, y = latitude, the
  // axes' ranges widened so one degree of longitude is cos(latitude) of one of latitude.
  function RenderNetwork(data) {
    const r = data.results;
    const t = data.options.targets || {};
    const located = (p) => p && (num(p.lat) !== 0 || num(p.lon) !== 0);
    const hubs = (r.hub || []).filter(located);
    const outlets = (r.outlet || []).filter(located);
    if (!hubs.length && !outlets.length) {
      byId('network-body').hidden = true;
      showNote('network-note', (r.hub || []).length
        ? 'The results carry no coordinates for the hubs and outlets.'
        : 'This scenario has no parcel network.');
      return;
    }
    const hubById = new Map(hubs.map((h) => [h.id, h]));
    const allowedLate = Math.max(0.005, 1 - (typeof t.delivery === 'number' ? t.delivery : 0.95));
    const lateOf = (o) => {
      const d = o.kpi && o.kpi.delivery;
      return d && num(d.measured) > 0 ? 1 - num(d.on_time_rate) : null;
    };
    const lateBand = (late) => (late === null ? 0 : late <= allowedLate ? 1 : late <= 2 * allowedLate ? 2 : 3);
    const BAND_COLOR = ['rgba(154, 163, 173, 0.7)', 'rgba(46, 139, 87, 0.75)', 'rgba(240, 162, 2, 0.75)',
      'rgba(209, 73, 91, 0.65)'];
    // Radius in pixels: 4 for an outlet without late deliveries, growing with the late share
    // up to 14 (at 25 % late and more), so a bad region stays readable.
    const outletRadius = (p) => (p && p.late !== null && p.late !== undefined ? 4 + Math.min(10, 40 * p.late) : 3);
    const loadColor = (load) => (load < 0.5 ? '#5b8fb9' : load < 0.8 ? '#f0a202' : '#d1495b');

    // One line per pair of hubs, both directions in its tooltip.
    const pairs = new Map();
    for (const l of r.linehaul || []) {
      const a = hubById.get(l.from);
      const b = hubById.get(l.to);
      if (!a || !b) continue;
      const key = [l.from, l.to].sort().join('|');
      if (!pairs.has(key)) pairs.set(key, { a, b, legs: [] });
      pairs.get(key).legs.push(l);
    }
    const legText = (l) => l.from + ' \u2192 ' + l.to + ': ' + fmtPct(num(l.mean_load_factor), 0) +
      ' mean load, ' + fmtInt(l.parcels) + ' parcels, ' + fmtInt(l.rolled_parcels) + ' rolled';
    const lineSets = [...pairs.values()].map((p) => {
      const load = Math.max(...p.legs.map((l) => num(l.mean_load_factor)));
      const mid = { x: (num(p.a.lon) + num(p.b.lon)) / 2, y: (num(p.a.lat) + num(p.b.lat)) / 2 };
      const text = p.legs.map(legText);
      return {
        type: 'line', label: 'linehaul', isLinehaul: true,
        data: [{ x: num(p.a.lon), y: num(p.a.lat), text }, { ...mid, text }, { x: num(p.b.lon), y: num(p.b.lat), text }],
        borderColor: loadColor(load), borderWidth: 1.5 + 6 * Math.min(1, load),
        pointRadius: 0, pointHitRadius: [0, 8, 0], showLine: true, order: 3,
      };
    });
    const outletPoints = outlets.map((o) => {
      const late = lateOf(o);
      const d = (o.kpi && o.kpi.delivery) || {};
      return {
        x: num(o.lon), y: num(o.lat), late,
        text: [(o.name || o.id) + ' (' + o.id + ', hub ' + o.hub + ')',
          late === null ? 'no deliveries measured'
            : 'delivered within 2 h: ' + fmtPct(num(d.on_time_rate)) + ' of ' + fmtInt(d.measured),
          'courier utilization: ' + fmtPct(num(o.courier_utilization), 0)].concat(o.courier_day
          ? [Math.round(num(o.courier_day.stops_per_day)) + ' stops a courier-day, ' +
             num(o.courier_day.km_per_stop).toFixed(2) + ' km and ' +
             num(o.courier_day.minutes_per_stop).toFixed(1) + ' min a stop'] : []),
      };
    });
    const hubPoints = hubs.map((h) => ({
      x: num(h.lon), y: num(h.lat), name: h.name || h.id,
      text: [(h.name || h.id) + ' hub (' + h.id + ')', 'sorted ' + fmtInt(h.sorted) + ' parcels',
        'sorter utilization ' + fmtPct(num(h.sorter_utilization), 0) + ', max backlog ' + fmtInt(h.max_backlog)],
    }));

    const points = hubPoints.concat(outletPoints);
    const bounds = {
      x0: Math.min(...points.map((p) => p.x)), x1: Math.max(...points.map((p) => p.x)),
      y0: Math.min(...points.map((p) => p.y)), y1: Math.max(...points.map((p) => p.y)),
    };
    const view = (chart) => {
      const cos = Math.max(0.1, Math.cos((bounds.y0 + bounds.y1) / 2 * Math.PI / 180));
      let w = Math.max(bounds.x1 - bounds.x0, 0.05) * 1.12;
      let h = Math.max(bounds.y1 - bounds.y0, 0.05) * 1.12;
      // Plot area approximately the canvas less the axes.
      const ratio = Math.max(1, chart.width - 80) / Math.max(1, chart.height - 70);
      if (w * cos / h < ratio) w = h * ratio / cos; else h = w * cos / ratio;
      const cx = (bounds.x0 + bounds.x1) / 2;
      const cy = (bounds.y0 + bounds.y1) / 2;
      return { x0: cx - w / 2, x1: cx + w / 2, y0: cy - h / 2, y1: cy + h / 2 };
    };
    const hubLabels = {
      id: 'hubLabels',
      afterDatasetsDraw(chart) {
        const index = chart.data.datasets.findIndex((d) => d.isHubs);
        if (index < 0) return;
        const ctx = chart.ctx;
        ctx.save();
        ctx.font = '600 12px ' + Chart.defaults.font.family;
        ctx.fillStyle = '#0b1f44';
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
        ctx.lineWidth = 3;
        chart.getDatasetMeta(index).data.forEach((pt, i) => {
          const name = chart.data.datasets[index].data[i].name;
          ctx.strokeText(name, pt.x + 10, pt.y - 8);
          ctx.fillText(name, pt.x + 10, pt.y - 8);
        });
        ctx.restore();
      },
    };
    const degrees = (pos, neg) => (v) => (v >= 0 ? v.toFixed(1) + '\u00b0' + pos : (-v).toFixed(1) + '\u00b0' + neg);
    makeChart('chart-map', {
      type: 'scatter',
      data: {
        datasets: lineSets.concat([
          { label: 'outlets', data: outletPoints, order: 2,
            pointRadius: (c) => outletRadius(c.raw),
            pointHoverRadius: (c) => outletRadius(c.raw) + 2,
            backgroundColor: (c) => BAND_COLOR[lateBand(c.raw ? c.raw.late : null)],
            borderColor: 'rgba(255, 255, 255, 0.9)', borderWidth: 1 },
          { label: 'hubs', isHubs: true, data: hubPoints, order: 1, pointStyle: 'rectRot', pointRadius: 9,
            pointHoverRadius: 11, backgroundColor: COLORS.hub, borderColor: '#fff', borderWidth: 2 },
        ]),
      },
      options: {
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: { type: 'linear', title: axisTitle('longitude'), ticks: { callback: degrees('E', 'W') },
            afterDataLimits: (s) => { const v = view(s.chart); s.min = v.x0; s.max = v.x1; } },
          y: { type: 'linear', title: axisTitle('latitude'), ticks: { callback: degrees('N', 'S') },
            afterDataLimits: (s) => { const v = view(s.chart); s.min = v.y0; s.max = v.y1; } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            mode: 'nearest', intersect: true,
            callbacks: { title: () => '', label: (c) => (c.raw && c.raw.text) || '' },
          },
        },
      },
      plugins: [hubLabels],
    });

    const legend = byId('map-legend');
    const dot = (color, size) => el('span', { class: 'dot', style: `background:${color};width:${size}px;height:${size}px` });
    const swatch = (color, width) => el('span', { class: 'swatch', style: `background:${color};height:${width}px` });
    const pctTxt = (x) => String(Number((100 * x).toFixed(1)));
    legend.replaceChildren(
      el('span', null, el('span', { class: 'dot', style: `background:${COLORS.hub};width:11px;height:11px;border-radius:2px;transform:rotate(45deg)` }), 'hub'),
      el('span', null, dot(BAND_COLOR[1], 9), 'outlet, late deliveries \u2264 ' + pctTxt(allowedLate) + ' %'),
      el('span', null, dot(BAND_COLOR[2], 12), pctTxt(allowedLate) + '\u2013' + pctTxt(2 * allowedLate) + ' %'),
      el('span', null, dot(BAND_COLOR[3], 15), '> ' + pctTxt(2 * allowedLate) + ' % (bigger: more late)'),
      el('span', null, dot(BAND_COLOR[0], 7), 'none measured'),
      el('span', null, swatch('#5b8fb9', 3), 'linehaul load < 50 %'),
      el('span', null, swatch('#f0a202', 5), '50\u201380 %'),
      el('span', null, swatch('#d1495b', 7), '\u2265 80 %'));

    const late = outlets.map((o) => ({ o, late: lateOf(o) })).filter((x) => x.late !== null && x.late > 0)
      .sort((a, b) => b.late - a.late).slice(0, 6);
    if (late.length) {
      fillTable(byId('hotspots'), ['outlet', 'hub', { text: 'late', class: 'num' }, { text: 'measured', class: 'num' }],
        late.map(({ o, late: l }) => ({
          cells: [o.name || o.id, o.hub, { text: fmtPct(l), class: 'num' + (l > allowedLate ? ' bad' : '') },
            { text: fmtInt(o.kpi.delivery.measured), class: 'num' }],
        })));
    } else {
      fillTable(byId('hotspots'), ['outlet'], [{ cells: ['no late deliveries'] }]);
    }
    const busiest = (r.linehaul || []).slice().sort((a, b) => num(b.mean_load_factor) - num(a.mean_load_factor)).slice(0, 6);
    fillTable(byId('busiest-linehauls'), ['linehaul', { text: 'mean load', class: 'num' }, { text: 'rolled', class: 'num' }],
      busiest.length ? busiest.map((l) => ({
        cells: [l.from + ' \u2192 ' + l.to, { text: fmtPct(num(l.mean_load_factor), 0), class: 'num' + (num(l.mean_load_factor) >= 0.8 ? ' bad' : '') },
          { text: fmtInt(l.rolled_parcels), class: 'num' }],
      })) : [{ cells: ['no linehauls', '', ''] }]);
  }

  function RenderCustomers(data) {
    const c = data.results.customers;
    const segments = (c && c.segment) || [];
    if (!segments.length) {
      byId('customers-body').hidden = true;
      byId('customers-none').hidden = false;
      return;
    }
    const all = segments.find((s) => s.name === 'all');
    const summary = [fmtInt(c.accounts) + ' accounts', 'monthly revenue ' + fmtAmount(c.monthly_revenue)];
    if (c.top20_revenue_share !== undefined) summary.push('top 20 % of accounts bring ' + fmtPct(num(c.top20_revenue_share), 0) + ' of it');
    if (all) {
      summary.push(fmtInt(all.churned) + ' accounts churned (' + fmtAmount(all.churned_monthly_revenue) + ' a month)');
    }
    // Both definitions when the results have them, the scenario's first.
    const sqiText = (q, label) =>
        'SQI ' + num(q.percent_of_shipments).toFixed(2) + ' % of shipments (' + label + ')';
    if (c.sqi_minute_promises && c.sqi_day_level) {
      const texts = [
        sqiText(c.sqi_minute_promises, 'minute promises'),
        sqiText(c.sqi_day_level, 'FedEx\'s day-level definitions')
      ];
      summary.push((c.sqi_definition === 'day_level' ? texts.reverse() : texts).join(', '));
    } else if (c.sqi) {
      summary.push('SQI ' + fmtInt(c.sqi.points_per_100k) + ' points per 100,000 shipments');
    }
    byId('customers-summary').textContent = summary.join('; ') + '.';

    // The survey, share of each level by segment.
    let quintiles = segments.filter((s) => /^Q[1-5]$/.test(s.name));
    if (!quintiles.length) quintiles = segments;
    const totals = quintiles.map((s) => SURVEY.reduce((sum, [key]) => sum + num(s.survey && s.survey[key]), 0));
    makeChart('chart-survey', {
      type: 'bar',
      data: {
        labels: quintiles.map((s) => s.name),
        datasets: SURVEY.map(([key, label, color]) => ({
          label, backgroundColor: color,
          counts: quintiles.map((s) => num(s.survey && s.survey[key])),
          data: quintiles.map((s, i) => (totals[i] > 0 ? 100 * num(s.survey && s.survey[key]) / totals[i] : 0)),
        })),
      },
      options: {
        indexAxis: 'y',
        scales: {
          x: { stacked: true, min: 0, max: 100, title: axisTitle('share of accounts still customers'),
            ticks: { callback: (v) => v + ' %' } },
          y: { stacked: true, title: axisTitle('revenue segment') },
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: (x) => x.dataset.label + ': ' + x.raw.toFixed(1) + ' % (' + fmtInt(x.dataset.counts[x.dataIndex]) + ' accounts)',
            },
          },
        },
      },
    });

    // The SQI per day, modeled components stacked.
    const days = (c.sqi_day && c.sqi_day.length) ? c.sqi_day : (c.sqi ? [c.sqi] : []);
    const components = new Map();
    const notModeled = new Set();
    for (const d of days.concat(c.sqi ? [c.sqi] : [])) {
      for (const comp of d.component || []) {
        if (comp.modeled) components.set(comp.name, num(comp.weight));
        else notModeled.add(comp.name);
      }
    }
    for (const name of components.keys()) notModeled.delete(name);
    const compNames = [...components.keys()];
    const pointsOf = (d, name) => {
      const comp = (d.component || []).find((x) => x.name === name);
      return comp ? num(comp.points) : 0;
    };
    if (compNames.length && days.length) {
      makeChart('chart-sqi', {
        type: 'bar',
        data: {
          labels: days.map((d) => (d.day !== undefined ? 'day ' + d.day : 'run')),
          datasets: compNames.map((name, i) => ({
            label: humanName(name) + ' (\u00d7' + components.get(name) + ')',
            backgroundColor: SQI_COLORS[i % SQI_COLORS.length],
            data: days.map((d) => pointsOf(d, name)),
          })),
        },
        options: {
          scales: {
            x: { stacked: true, title: axisTitle('day') },
            y: { stacked: true, beginAtZero: true, title: axisTitle('SQI points') },
          },
          plugins: {
            tooltip: {
              callbacks: {
                footer: (items) => items.length
                  ? 'total ' + fmtInt(num(days[items[0].dataIndex].points)) + ' points, ' +
                    fmtInt(days[items[0].dataIndex].shipments) + ' shipments' : '',
              },
            },
          },
        },
      });
    } else {
      byId('sqi-box').hidden = true;
    }
    byId('sqi-not-modeled').textContent = notModeled.size
      ? 'Not modeled (no such failures in this model): ' + [...notModeled].map(humanName).join(', ') + '.'
      : (compNames.length ? '' : 'No SQI in these results.');

    const label = (n) => (n === 'all' ? 'all accounts' : n === 'key_accounts' ? 'key accounts' : n);
    const numCell = (text, cls) => ({ text, class: 'num' + (cls ? ' ' + cls : '') });
    fillTable(byId('customers-table'),
      ['segment', numCell('accounts'), numCell('monthly revenue'), numCell('mean satisfaction'),
        numCell('churned'), numCell('churned revenue / month'), numCell('churned lifetime value'),
        numCell('at risk'), numCell('lifetime value at risk'), numCell('expected churn next month')],
      segments.map((s) => ({
        class: s.name === 'all' ? 'total' : null,
        cells: [label(s.name), numCell(fmtInt(s.accounts)), numCell(fmtAmount(s.monthly_revenue)),
          numCell(num(s.mean_satisfaction).toFixed(2)),
          numCell(fmtInt(s.churned), num(s.churned) > 0 ? 'bad' : ''), numCell(fmtAmount(s.churned_monthly_revenue)),
          numCell(fmtAmount(s.churned_lifetime_value)), numCell(fmtInt(s.at_risk)),
          numCell(fmtAmount(s.at_risk_lifetime_value)),
          numCell(num(s.expected_monthly_churn).toFixed(1) + ' (' + fmtAmount(s.expected_monthly_churn_revenue) + ')')],
      })));
  }

  // A comparison (hubsim.io.Comparison, engine/io/study.proto): per KPI the base's and the
  // alternative's means over their replications, the paired difference alt - base with its
  // 95 % interval, whether it is significant (the interval excludes 0) and, when it is,
  // better or worse by the KPI's direction; and how much narrower common random numbers
  // made the interval than independent runs would have.
  function RenderComparison(data) {
    const cmp = data.comparison;
    if (!cmp) return;
    byId('comparison').hidden = false;
    // Column heads: the scenarios' names when they differ, else "base" and "alternative"
    // (an alternative made by --set-alt has its base's name).
    const named = cmp.base_name && cmp.alt_name && cmp.base_name !== cmp.alt_name;
    const baseName = named ? cmp.base_name : 'base';
    const altName = named ? cmp.alt_name : 'alternative';
    const describe = (name, file) => (name || file || '') + (name && file && file !== name ? ' [' + file + ']' : '');
    const overrides = (list) => ((list || []).length ? ' (' + list.join(' ') + ')' : '');
    const n = num(cmp.base && cmp.base.replications);
    byId('comparison-lead').textContent = 'The alternative, ' + describe(cmp.alt_name, cmp.alt_file) +
      overrides(cmp.alt_override) + ', against the base, ' + describe(cmp.base_name, cmp.base_file) +
      overrides(cmp.base_override) + ': ' + fmtInt(n) + ' replications each on common random numbers, ' +
      fmtInt(cmp.days) + ' day(s). Differences are alternative minus base; the rest of this report shows the base.';
    const means = (study) => new Map(((study && study.kpi) || []).map((k) => [k.name, k]));
    const base = means(cmp.base), alt = means(cmp.alt);
    // Values in the KPI's unit: shares as %, differences of shares as percentage points.
    const fmtValue = (v, unit) => (unit === 'share' ? fmtPct(num(v), 2)
      : Math.abs(num(v)) >= 1000 ? fmtInt(v) : num(v).toFixed(unit === 'score' ? 4 : 1));
    const fmtDiff = (v, unit) => {
      const x = num(v);
      const sign = x > 0 ? '+' : (x < 0 ? '\u2212' : '');
      const abs = Math.abs(x);
      return sign + (unit === 'share' ? (100 * abs).toFixed(2) + ' pt'
        : abs >= 1000 ? fmtInt(abs) : abs.toFixed(unit === 'score' ? 4 : 1));
    };
    const verdict = (k) => {
      if (!k.significant) return { text: 'no', class: undefined };
      const up = num(k.mean) > 0;
      if (k.direction === 'HIGHER_IS_BETTER') return up ? { text: 'better', class: 'good' } : { text: 'worse', class: 'bad' };
      if (k.direction === 'LOWER_IS_BETTER') return up ? { text: 'worse', class: 'bad' } : { text: 'better', class: 'good' };
      return { text: 'yes', class: undefined };
    };
    const ratio = (k) => {
      const paired = num(k.ci_high) - num(k.ci_low);
      const unpaired = num(k.unpaired_ci_high) - num(k.unpaired_ci_low);
      return unpaired > 0 && k.ci_low !== undefined ? (paired / unpaired).toFixed(2) : '\u2014';
    };
    fillTable(byId('comparison-table'),
      ['KPI', { text: baseName, class: 'num' }, { text: altName, class: 'num' },
        { text: 'difference', class: 'num' }, { text: '95 % interval', class: 'num' }, 'significant',
        { text: 'paired / unpaired width', class: 'num' }],
      (cmp.kpi || []).map((k) => ({
        class: k.significant ? 'significant' : undefined,
        cells: [k.label || humanName(k.name),
          { text: base.has(k.name) ? fmtValue(base.get(k.name).mean, k.unit) : '\u2014', class: 'num' },
          { text: alt.has(k.name) ? fmtValue(alt.get(k.name).mean, k.unit) : '\u2014', class: 'num' },
          { text: fmtDiff(k.mean, k.unit), class: 'num' },
          { text: k.ci_low !== undefined && k.ci_high !== undefined
            ? fmtDiff(k.ci_low, k.unit) + ' \u2026 ' + fmtDiff(k.ci_high, k.unit) : '\u2014', class: 'num' },
          verdict(k), { text: ratio(k), class: 'num' }],
      })));
  }

  // The parcel lookup: the timelines a digest of the run's tracking log embeds
  // (hubsim.io.TrackingDigest, engine/io/tracking.proto): up to a few hundred parcels, half
  // of them with a missed promise. Any other parcel is one `hubsim track` away.
  function RenderTracking(data) {
    const tr = data.tracking;
    if (!tr) return;
    byId('tracking').hidden = false;
    const timelines = tr.timeline || [];
    const byParcel = new Map(timelines.map((t) => [String(t.parcel), t]));
    const late = (t) => (t.promise || []).some((p) => p.state === 'missed');
    byId('tracking-lead').textContent = fmtInt(timelines.length) + ' of the ' + fmtBig(tr.parcels) +
      ' parcels in the tracking log ' + (tr.log || '') + ' are in this report (' + fmtBig(tr.late_parcels || 0) +
      ' parcels missed a promise' + (num(tr.sample) < 1 ? '; the log tracks a sample of ' +
      (100 * num(tr.sample)).toFixed(2) + ' %' : '') + ').';
    const out = byId('tracking-result');
    const place = (p) => (p ? (p.name ? p.id + ' ' + p.name : p.id) : '\u2014');
    function show(id) {
      byId('tracking-input').value = id;
      const t = byParcel.get(id);
      out.replaceChildren();
      if (!t) {
        out.append(el('p', { class: 'note', id: 'tracking-missing',
          text: 'Parcel ' + id + ' is not among the parcels in this report. Any parcel of the run: hubsim track ' +
            (tr.log || 'FILE') + ' ' + id }));
        return;
      }
      out.append(el('p', { class: 'lead', id: 'tracking-summary',
        text: 'Parcel ' + t.parcel + ' from ' + place(t.from) + ' to ' + place(t.to) + ': ' + (t.status || '') + '.' }));
      const promises = el('table', { class: 'data-table', id: 'tracking-promises' });
      fillTable(promises, ['promise', 'state', { text: 'took', class: 'num' }, 'due'],
        (t.promise || []).map((p) => ({
          cells: [p.name + (p.limit_minutes ? ' within ' + p.limit_minutes + ' min' : ''),
            { text: p.state, class: p.state === 'missed' ? 'bad' : (p.state === 'kept' ? 'good' : undefined) },
            { text: p.minutes !== undefined ? Math.round(num(p.minutes)) + ' min' : '\u2014', class: 'num' },
            p.deadline || '\u2014'],
        })));
      const events = el('table', { class: 'data-table', id: 'tracking-scans' });
      fillTable(events, ['time', 'what happened', 'where'],
        (t.event || []).map((e) => ({ cells: [e.time, e.status, (e.place ? e.place.kind + ' ' : '') + place(e.place)] })));
      out.append(promises, events);
    }
    byId('tracking-form').addEventListener('submit', (e) => {
      e.preventDefault();
      show(byId('tracking-input').value.trim());
    });
    // Examples to click: some late parcels and some others.
    const examples = byId('tracking-examples');
    const pick = (list) => list.slice(0, 8).map((t) => {
      const b = el('button', { type: 'button', class: 'link', text: String(t.parcel) });
      b.addEventListener('click', () => show(String(t.parcel)));
      return b;
    });
    const lateOnes = timelines.filter(late), others = timelines.filter((t) => !late(t));
    if (lateOnes.length) examples.append(el('span', { text: 'missed a promise: ' }), ...pick(lateOnes));
    if (others.length) examples.append(el('span', { text: ' others: ' }), ...pick(others));
    if (timelines.length) show(String((lateOnes[0] || timelines[0]).parcel));
  }

  function RenderFooter(data) {
    byId('footer').textContent = 'Made by hubsim report from the run\u2019s results (' +
      fmtInt((data.results.hub || []).length) + ' hubs, ' + fmtInt((data.results.outlet || []).length) +
      ' outlets). Charts: Chart.js ' + Chart.version + ' (MIT licence). This file is self-contained and works offline.';
  }

  // Each section renders on its own: one that fails shows its error and the rest still draw.
  const SECTIONS = [
    ['header', RenderHeader], ['promises', RenderPromises], ['through-the-day', RenderThroughTheDay],
    ['network', RenderNetwork], ['customers', RenderCustomers], ['comparison', RenderComparison],
    ['tracking', RenderTracking], ['footer', RenderFooter],
  ];

  function Main() {
    const data = JSON.parse(byId('hubsim-data').textContent);
    data.results = data.results || {};
    data.options = data.options || {};
    report.data = data;
    setChartDefaults();
    for (const [id, render] of SECTIONS) {
      try {
        render(data);
      } catch (e) {
        report.errors.push(id + ': ' + e);
        console.error('hubsim report: section ' + id + ' failed:', e);
        byId(id).append(el('p', { class: 'section-error', text: 'This section could not be drawn: ' + e }));
      }
    }
    report.ready = true;
    document.documentElement.dataset.ready = 'true';
  }

  Main();
})();
