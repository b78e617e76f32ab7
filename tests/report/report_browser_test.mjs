// The manager's report in a real browser: headless Chromium (driven by playwright-core)
// opens reports made by `hubsim run --report` and `hubsim report` from file:// and checks
// that the page renders every section without console errors and without a single network
// request, that the promise tiles show the values of the results file, and that the charts
// have data and are drawn. Negative controls prove the checks can fail: a report whose
// pickup tile was tampered with, and one that tries to load an image over the network.
//
// node report_browser_test.mjs --hubsim PATH --source DIR --work DIR [--chromium PATH]
//   --source  the repository (scenarios/, tests/report/data/, viz/node_modules)
//   --work    a scratch directory; screenshots go to WORK/artifacts/
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    hubsim: { type: 'string' },
    source: { type: 'string' },
    work: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
for (const name of ['hubsim', 'source', 'work']) {
  if (!args[name]) {
    console.error(`report_browser_test: --${name} is required`);
    process.exit(2);
  }
}
const work = path.resolve(args.work);
const artifacts = path.join(work, 'artifacts');
fs.rmSync(path.join(work, 'runs'), { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });
// playwright-core is a devDependency of viz/ (installed by scripts/setup.sh).
const source = path.resolve(args.source);
const require = createRequire(path.join(source, 'viz', 'package.json'));
const { chromium } = require('playwright-core');

// ---- what the page should show, computed here from the results file -------------------
const num = (v) => (v === undefined || v === null || v === '' ? 0 : Number(v));
const int = (v) => Math.round(num(v)).toLocaleString('en-US');
const targetText = (t) => 'target ' + String(Number((100 * t).toFixed(1))) + ' %';
function rateText(rate, target) {
  const one = (100 * rate).toFixed(1);
  return rate < target && Number(one) >= 100 * target ? (100 * rate).toFixed(2) + ' %' : one + ' %';
}

// With replications (results.study), a tile shows the study's mean and its interval.
function expectedTiles(results, targets) {
  const kpi = results.kpi || {};
  const cc = results.call_center;
  const study = results.study && num(results.study.replications) >= 2 ? results.study : null;
  const studied = (name) => (study ? (study.kpi || []).find((k) => k.name === name) : undefined);
  const promise = (id, k, target, name) => ({
    id, target, measured: num(k && k.measured), rate: num(k && k.on_time_rate), good: num(k && k.on_time),
    study: studied(name),
  });
  return [
    promise('pickup', kpi.pickup, targets.pickup, 'pickup_on_time'),
    promise('delivery', kpi.delivery, targets.delivery, 'delivery_on_time'),
    promise('next-day', kpi.next_day, targets.next_day, 'next_day_on_time'),
    {
      id: 'calls', target: targets.calls, measured: num(cc && cc.total && cc.total.offered),
      rate: num(cc && cc.total && cc.total.service_level), good: num(cc && cc.total && cc.total.answered_within_target),
      study: studied('calls_service_level'),
    },
  ].map((t) => {
    const rate = t.study ? num(t.study.mean) : t.rate;
    return {
      ...t,
      rate,
      status: t.measured === 0 ? 'none' : rate >= t.target ? 'ok' : 'miss',
      value: t.measured === 0 ? null : rateText(rate, t.target),
      ci: t.study && t.study.ci_low !== undefined
        ? '95 % CI ' + (100 * t.study.ci_low).toFixed(1) + ' \u2013 ' + (100 * t.study.ci_high).toFixed(1) + ' %' : '',
    };
  });
}

// The charts the page must draw for these results (others may be absent).
function expectedCharts(results) {
  const charts = [];
  const hours = results.hour || [];
  if (hours.some((h) => ['pickup', 'delivery', 'next_day'].some((k) => num(h.kpi && h.kpi[k] && h.kpi[k].measured) > 0))) {
    charts.push('chart-hourly');
  }
  if (results.call_center && (results.call_center.interval || []).length) charts.push('chart-calls', 'chart-service-level');
  if ((results.hub || []).some((h) => num(h.lat) !== 0 || num(h.lon) !== 0)) charts.push('chart-map');
  if (results.customers && (results.customers.segment || []).length) charts.push('chart-survey', 'chart-sqi');
  return charts;
}

// ---- the checks; each returns a list of failures ----------------------------------------
async function checkPage(page, results, targets, log) {
  const failures = [];
  const expect = (ok, what) => { if (!ok) failures.push(what); };

  expect(await page.evaluate(() => document.documentElement.dataset.ready === 'true'), 'page never became ready');
  const errors = await page.evaluate(() => (window.hubsimReport ? window.hubsimReport.errors : ['no hubsimReport']));
  expect(errors.length === 0, 'sections failed: ' + errors.join('; '));
  expect(log.console.length === 0, 'console errors: ' + log.console.join(' | '));
  const foreign = log.requests.filter((u) => u !== log.page && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(foreign.length === 0, 'network requests: ' + foreign.join(', '));

  // Every section is there and shown; the placeholders only when their data is.
  const shown = await page.evaluate(() => Object.fromEntries(
    ['header', 'promises', 'through-the-day', 'network', 'customers', 'comparison', 'tracking', 'footer'].map((id) => {
      const e = document.getElementById(id);
      return [id, !!e && !e.hidden && e.getBoundingClientRect().height > 0];
    })));
  for (const id of ['header', 'promises', 'through-the-day', 'network', 'customers', 'footer']) {
    expect(shown[id], `section #${id} not rendered`);
  }
  const data = await page.evaluate(() => window.hubsimReport && window.hubsimReport.data);
  expect(shown.comparison === !!(data && data.comparison), '#comparison shown without data, or hidden with it');
  expect(shown.tracking === !!(data && data.tracking), '#tracking shown without data, or hidden with it');

  // A part without data gives way to its note.
  const visible = (id) => page.evaluate((x) => {
    const e = document.getElementById(x);
    return !!e && e.getClientRects().length > 0 && e.getBoundingClientRect().height > 0;
  }, id);
  const charted = expectedCharts(results);
  const parts = [['chart-hourly', 'hourly-box', 'hourly-note'], ['chart-calls', 'calls-box', 'calls-note'],
    ['chart-service-level', 'service-level-box', 'service-level-note'], ['chart-map', 'network-body', 'network-note']];
  for (const [chart, box, note] of parts) {
    const has = charted.includes(chart);
    expect(await visible(box) === has && await visible(note) === !has,
      `#${box} / #${note}: ${has ? 'the chart' : 'the note'} should show, not the other`);
  }

  // The header.
  const text = (selector) => page.evaluate((s) => {
    const e = document.querySelector(s);
    return e ? e.textContent.trim() : null;
  }, selector);
  expect(await text('#scenario-name') === (results.scenario || '(unnamed scenario)'), 'header: scenario name');
  expect(await text('#fact-seed dd') === String(results.seed), 'header: seed');
  expect(await text('#fact-days dd') === int(results.days), 'header: days');
  expect(await text('#fact-events dd') === BigInt(results.events || 0).toLocaleString('en-US'), 'header: events');

  // The tiles: value, status, target and measured count from the results file.
  for (const t of expectedTiles(results, targets)) {
    const tile = await page.evaluate((id) => {
      const e = document.getElementById('tile-' + id);
      if (!e) return null;
      const part = (c) => (e.querySelector('.' + c) || { textContent: '' }).textContent.trim();
      return { status: e.dataset.status, cls: e.className, value: part('tile-value'), target: part('tile-target'),
        count: part('tile-count'), ci: part('tile-ci') };
    }, t.id);
    if (!tile) {
      failures.push(`tile-${t.id} missing`);
      continue;
    }
    expect(tile.status === t.status && tile.cls.split(' ').includes(t.status),
      `tile-${t.id}: status ${tile.status}, expected ${t.status}`);
    if (t.value !== null) expect(tile.value === t.value, `tile-${t.id}: shows "${tile.value}", expected "${t.value}"`);
    expect(tile.target === targetText(t.target), `tile-${t.id}: "${tile.target}", expected "${targetText(t.target)}"`);
    if (t.measured > 0) {
      expect(tile.count.includes(int(t.measured)) && tile.count.includes(int(t.good)),
        `tile-${t.id}: count "${tile.count}" lacks ${int(t.good)} of ${int(t.measured)}`);
    }
    expect(tile.ci === t.ci, `tile-${t.id}: interval "${tile.ci}", expected "${t.ci}"`);
  }

  // The charts: present, with data points, and drawn on their canvas.
  const charts = await page.evaluate(() => Object.fromEntries(
    Object.entries(window.hubsimReport.charts).map(([id, c]) => {
      const points = c.data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null && v !== undefined).length, 0);
      const ctx = c.canvas.getContext('2d');
      const pixels = ctx.getImageData(0, 0, c.canvas.width, c.canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
      const box = c.canvas.getBoundingClientRect();
      return [id, { datasets: c.data.datasets.length, points, painted, visible: box.width > 0 && box.height > 0,
        labels: (c.data.labels || []).length, datasetLabels: c.data.datasets.map((d) => d.label) }];
    })));
  for (const id of expectedCharts(results)) {
    const c = charts[id];
    if (!c) {
      failures.push(`chart ${id} missing`);
      continue;
    }
    expect(c.datasets > 0 && c.points > 0, `chart ${id}: no data points`);
    expect(c.visible && c.painted > 1000, `chart ${id}: not drawn (${c.painted} pixels)`);
  }
  const cc = results.call_center;
  if (charts['chart-calls']) {
    expect(charts['chart-calls'].labels === cc.interval.length, 'chart-calls: one bar per interval');
  }
  if (charts['chart-map']) {
    const located = (results.hub || []).filter((h) => num(h.lat) !== 0 || num(h.lon) !== 0).length;
    const hubs = await page.evaluate(() => window.hubsimReport.charts['chart-map'].data.datasets.find((d) => d.isHubs).data.length);
    expect(hubs === located, `chart-map: ${hubs} hubs drawn, ${located} expected`);
  }

  // Customers: the charts and the table, or the note.
  const customers = results.customers && (results.customers.segment || []).length ? results.customers : null;
  const none = await page.evaluate(() => !document.getElementById('customers-none').hidden);
  expect(none === !customers, customers ? 'customers: the "no customers" note is shown' : 'customers: no note');
  if (customers) {
    const survey = charts['chart-survey'];
    expect(survey && survey.datasets === 5, 'chart-survey: five survey levels');
    const rows = await page.evaluate(() => [...document.querySelectorAll('#customers-table tbody tr')]
      .map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
    expect(rows.length === customers.segment.length, `customers-table: ${rows.length} rows`);
    customers.segment.forEach((s, i) => {
      expect(rows[i] && rows[i][1] === int(s.accounts) && rows[i][4] === int(s.churned),
        `customers-table: segment ${s.name} shows ${JSON.stringify(rows[i])}`);
    });
    const components = (customers.sqi || {}).component || [];
    const modeled = components.filter((c) => c.modeled);
    expect(charts['chart-sqi'] && charts['chart-sqi'].datasets === modeled.length, 'chart-sqi: one dataset per modeled component');
    const notModeled = await text('#sqi-not-modeled');
    for (const c of components.filter((x) => !x.modeled)) {
      expect(notModeled.includes(c.name.replace(/_/g, ' ')), `#sqi-not-modeled lacks ${c.name}`);
    }
  }
  return failures;
}

// ---- running ------------------------------------------------------------------------------
function hubsim(...argv) {
  try {
    return execFileSync(args.hubsim, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`hubsim ${argv.join(' ')} failed (${e.status}): ${e.stderr}`);
  }
}

const defaults = { pickup: 0.95, delivery: 0.95, next_day: 0.95, calls: 0.8 };
const runs = path.join(work, 'runs');
const handMade = path.join(source, 'tests', 'report', 'data', 'customers_results.json');

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
});

// Opens `file` in a fresh page, recording every request and console error.
async function open(file) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const url = pathToFileURL(file).href;
  const log = { page: url, requests: [], console: [] };
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') log.console.push(m.text()); });
  page.on('pageerror', (e) => log.console.push('uncaught: ' + e.message));
  // Nothing may leave the machine, even if a check were to miss it.
  await context.route((u) => !['file:', 'data:', 'blob:'].includes(u.protocol), (route) => route.abort());
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 10000 })
    .catch(() => {});
  return { context, page, log };
}

// The embedded data of a report, and a copy of the report with other data.
const DATA_RE = /(<script type="application\/json" id="hubsim-data">)([\s\S]*?)(<\/script>)/;
const readData = (html) => JSON.parse(DATA_RE.exec(html)[2]);
const withData = (html, data) => html.replace(DATA_RE, (m, a, b, c) => a + JSON.stringify(data).replace(/</g, '\\u003c') + c);

let passed = 0;
let failed = 0;
function report(name, failures) {
  if (failures.length === 0) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}`);
    for (const f of failures) console.log(`    ${f}`);
  }
}

async function checkReport(name, html, resultsFile, targets, screenshot, extra) {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  const { context, page, log } = await open(html);
  let failures;
  try {
    failures = await checkPage(page, results, targets, log);
    if (extra) failures = failures.concat(await extra(page));
    if (screenshot) {
      const shot = path.join(artifacts, screenshot);
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`# screenshot: ${shot}`);
    }
  } finally {
    await context.close();
  }
  report(name, failures);
  return failures;
}

try {
  // 1. The built-in default scenario, one day, run with --report.
  const def = path.join(runs, 'default');
  hubsim('run', '--days', '1', '--threads', '2', '--out', def, '--report');
  console.log(`# default scenario report: ${fs.statSync(path.join(def, 'report.html')).size} bytes`);
  await checkReport('default scenario (hubsim run --report)', path.join(def, 'report.html'),
    path.join(def, 'results.json'), defaults, 'report.png');

  // 2. A call-center-only scenario: no network, no customers; notes instead.
  const mmc = path.join(runs, 'call-center');
  hubsim('run', path.join(source, 'scenarios', 'call-center-mmc.textproto'), '--days', '2', '--out', mmc, '--report');
  await checkReport('call-center-only scenario (hubsim run --report)', path.join(mmc, 'report.html'),
    path.join(mmc, 'results.json'), defaults, 'report-call-center.png');

  // 3. Hand-made results with customers, through `hubsim report`, from .json and from .pb.
  const cust = path.join(runs, 'customers');
  fs.mkdirSync(cust, { recursive: true });
  const custHtml = path.join(cust, 'report.html');
  hubsim('report', handMade, '-o', custHtml);
  await checkReport('hand-made results with customers (hubsim report)', custHtml, handMade, defaults,
    'report-customers.png');
  const targets = { pickup: 0.99, delivery: 0.9, next_day: 0.97, calls: 0.7 };
  const tHtml = path.join(cust, 'report-targets.html');
  hubsim('report', handMade, '-o', tHtml, '--target-pickup', '0.99', '--target-delivery', '0.9',
    '--target-next-day', '0.97', '--target-calls', '0.7');
  await checkReport('hand-made results, other targets (--target-*)', tHtml, handMade, targets);
  hubsim('run', '--days', '1', '--out', path.join(runs, 'pb'));
  const pbHtml = path.join(runs, 'pb', 'from-pb.html');
  hubsim('report', path.join(runs, 'pb', 'results.pb'), '-o', pbHtml);
  await checkReport('default scenario from results.pb (hubsim report)', pbHtml,
    path.join(runs, 'pb', 'results.json'), defaults);

  // 4. Replications and a comparison, from real runs: tiles show the study's mean and
  //    interval; the comparison table has a row per KPI of compare.json, with its verdict.
  const reps = path.join(runs, 'replications');
  hubsim('run', '--days', '2', '--threads', '2', '--replications', '3', '--out', reps, '--report');
  await checkReport('replications (hubsim run --replications 3 --report)', path.join(reps, 'report.html'),
    path.join(reps, 'results.json'), defaults, 'report-replications.png', async (page) => {
      const ci = await page.textContent('#tile-pickup .tile-ci').catch(() => '');
      return ci.startsWith('95 % CI ') ? [] : [`tile-pickup shows no interval: "${ci}"`];
    });
  const cmp = path.join(runs, 'compare');
  hubsim('compare', path.join(source, 'scenarios', 'prd.textproto'), '--days', '2', '--replications', '3',
    '--set-alt', 'outlet[SZX-01].couriers=10', '--threads', '2', '--out', cmp, '--report');
  const comparison = JSON.parse(fs.readFileSync(path.join(cmp, 'compare.json'), 'utf8'));
  const cmpResults = path.join(cmp, 'base-results.json');
  fs.writeFileSync(cmpResults, JSON.stringify(readData(fs.readFileSync(path.join(cmp, 'report.html'), 'utf8')).results));
  await checkReport('a comparison (hubsim compare --report)', path.join(cmp, 'report.html'), cmpResults, defaults,
    'report-compare.png', async (page) => {
      const f = [];
      if (await page.isHidden('#comparison')) return ['the comparison is hidden'];
      const rows = await page.$$eval('#comparison-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      if (rows.length !== comparison.kpi.length) f.push(`comparison table has ${rows.length} rows, compare.json ${comparison.kpi.length}`);
      comparison.kpi.forEach((k, i) => {
        const row = rows[i] || [];
        if (row[0] !== k.label) f.push(`row ${i}: "${row[0]}", expected "${k.label}"`);
        if ((row[5] !== 'no') !== Boolean(k.significant)) f.push(`row ${i} (${k.name}): significant shows "${row[5]}"`);
      });
      // Fewer couriers at SZX-01 make pickups later: the pickup row must say significant and worse.
      const pickup = rows[comparison.kpi.findIndex((k) => k.name === 'pickup_on_time')] || [];
      if (pickup[5] !== 'worse') f.push(`pickup on time: "${pickup[5]}", expected "worse"`);
      return f;
    });

  // The page's own hooks, on hand-made data: a parcel lookup without a tracking log's
  // numbers still works.
  const base = fs.readFileSync(custHtml, 'utf8');
  const data = readData(base);
  data.tracking = { log: 'x.trk', parcels: '1', scans: '2', sample: 1, late_parcels: '0', timeline: [{
    parcel: '4711', status: 'in transit', promise: [{ name: 'pickup', state: 'kept', minutes: 12 }],
    event: [{ time: 'day 1 09:12:00', status: 'Picked up', place: { kind: 'outlet', id: 'SZX-01' } },
      { time: 'day 1 13:40:00', status: 'Sorted', place: { kind: 'hub', id: 'SZX' } }] }] };
  const hookHtml = path.join(cust, 'report-hooks.html');
  fs.writeFileSync(hookHtml, withData(base, data));
  const hookResults = path.join(cust, 'results-hooks.json');
  fs.writeFileSync(hookResults, JSON.stringify(data.results));
  await checkReport('hooks: a hand-made parcel lookup', hookHtml, hookResults, defaults,
    'report-hooks.png', async (page) => {
      const f = [];
      await page.fill('#tracking-input', '4711');
      await page.click('#tracking-form button[type=submit]');
      const scans = await page.$$eval('#tracking-scans tbody tr', (trs) => trs.length);
      if (scans !== 2) f.push(`parcel lookup shows ${scans} scans`);
      return f;
    });

  // 5. A run with its tracking log: the parcel lookup shows the same timeline as
  //    `hubsim track --json`, for a late parcel (shown first) and for one picked from the
  //    examples; a parcel not in the report points to `hubsim track`.
  const trk = path.join(runs, 'tracking');
  hubsim('run', '--days', '2', '--threads', '2', '--out', trk, '--tracking', path.join(trk, 'day.trk'), '--report');
  console.log(`# report with a parcel lookup: ${fs.statSync(path.join(trk, 'report.html')).size} bytes`);
  await checkReport('a run with its tracking log (hubsim run --tracking --report)', path.join(trk, 'report.html'),
    path.join(trk, 'results.json'), defaults, 'report-tracking.png', async (page) => {
      const f = [];
      if (await page.isHidden('#tracking')) return ['the parcel lookup is hidden'];
      const compare = async (what) => {
        const id = await page.inputValue('#tracking-input');
        const want = JSON.parse(hubsim('track', path.join(trk, 'day.trk'), id, '--json'));
        const rows = await page.$$eval('#tracking-scans tbody tr', (trs) => trs.map((tr) => tr.cells[1].textContent));
        const states = await page.$$eval('#tracking-promises tbody tr', (trs) => trs.map((tr) => tr.cells[1].textContent));
        const summary = await page.textContent('#tracking-summary');
        if (JSON.stringify(rows) !== JSON.stringify(want.event.map((e) => e.status))) {
          f.push(`${what} parcel ${id}: the page shows events ${JSON.stringify(rows)}`);
        }
        if (JSON.stringify(states) !== JSON.stringify(want.promise.map((p) => p.state))) {
          f.push(`${what} parcel ${id}: the page shows promises ${JSON.stringify(states)}`);
        }
        if (!summary.includes(want.status)) f.push(`${what} parcel ${id}: summary "${summary}"`);
        return want;
      };
      const first = await compare('the first');
      if (!first.promise.some((p) => p.state === 'missed')) f.push('the first parcel shown missed no promise');
      const examples = await page.$$('#tracking-examples button');
      if (examples.length < 2) f.push(`${examples.length} example parcels`);
      else {
        await examples[examples.length - 1].click();
        await compare('an example');
      }
      await page.fill('#tracking-input', '999999999999');
      await page.click('#tracking-form button[type=submit]');
      const missing = await page.textContent('#tracking-missing').catch(() => '');
      if (!missing.includes('hubsim track')) f.push(`a parcel not in the report: "${missing}"`);
      return f;
    });

  // 6. Negative controls: the checks must catch a wrong tile and a network request.
  const wrong = readData(base);
  wrong.results.kpi.pickup.on_time_rate = 0.5;
  const wrongHtml = path.join(cust, 'report-wrong-tile.html');
  fs.writeFileSync(wrongHtml, withData(base, wrong));
  {
    const { context, page, log } = await open(wrongHtml);
    const failures = await checkPage(page, JSON.parse(fs.readFileSync(handMade, 'utf8')), defaults, log);
    await context.close();
    report('negative control: a wrong pickup tile is caught',
      failures.some((f) => f.startsWith('tile-pickup')) ? [] : ['the checks passed a wrong tile: ' + failures.join('; ')]);
  }
  const leakyHtml = path.join(cust, 'report-network.html');
  fs.writeFileSync(leakyHtml, base.replace('<main', '<img src="http://127.0.0.1:9/pixel.png" alt=""><main'));
  {
    const { context, page, log } = await open(leakyHtml);
    const failures = await checkPage(page, JSON.parse(fs.readFileSync(handMade, 'utf8')), defaults, log);
    await context.close();
    report('negative control: a network request is caught',
      failures.some((f) => f.startsWith('network requests') || f.startsWith('console errors'))
        ? [] : ['the checks passed a page that loads an image over the network']);
  }
} catch (e) {
  failed++;
  console.log(`not ok - ${e.stack || e}`);
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
