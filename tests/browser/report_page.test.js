// Headless-Chromium test of the interactive report page (web/): Debian's chromium driven by
// playwright-core (fetched by scripts/fetch-web-assets --test-tools), a fresh profile, no
// network. Checks: no console error, no request but the page itself; every region drawn;
// hovering a region shows its name and value (from the run's regions.geojson, not from the
// page); region fills and legend follow the printed map's classes; the indicator switch;
// sortable tables; tables scroll in their own box and names never wrap. Screenshots go to
// SCREENSHOT_DIR.
//
//   node report_page.test.js PAGE.html REGIONS.geojson ID_FIELD SCREENSHOT_DIR
// Environment: EQUIROUTE_WEB_ASSETS (holds node_modules/playwright-core), CHROMIUM
// (default /usr/bin/chromium). Exit 77 = skipped (prerequisite missing), except with CI=true.
'use strict';

const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');

const SKIP = 77;
function unavailable(what) {
  if ((process.env.CI || '').toLowerCase() === 'true') {
    console.error(`FAILED: ${what} (CI=true: the test needs it)`);
    process.exit(1);
  }
  console.error(`SKIPPED: ${what}`);
  process.exit(SKIP);
}

const [pagePath, regionsPath, idField, screenshotDir] = process.argv.slice(2);
const assets = process.env.EQUIROUTE_WEB_ASSETS || '';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const playwrightDir = path.join(assets, 'node_modules', 'playwright-core');
if (!fs.existsSync(playwrightDir)) unavailable(`playwright-core in ${playwrightDir} (scripts/fetch-web-assets --test-tools)`);
if (!fs.existsSync(chromiumPath)) unavailable(`Chromium at ${chromiumPath} (scripts/setup-deps --browser)`);
if (!pagePath || !fs.existsSync(pagePath)) unavailable(`the report page ${pagePath}`);
const { chromium } = require(playwrightDir);

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

// The run's own values, by region id: the page must show these. The map shows the travel time
// in minutes (the printed map's units): the layer's seconds / 60.
const expected = new Map(JSON.parse(fs.readFileSync(regionsPath, 'utf8')).features.map((f) => {
  const props = { ...f.properties };
  if (typeof props.nearest_travel_s === 'number') props.nearest_travel_min = props.nearest_travel_s / 60;
  else props.nearest_travel_min = null;
  return [String(props[idField]), props];
}));

function classOf(value, classes) {  // io::ClassBreaks::class_of
  if (value === null || value === undefined || !Number.isFinite(value)) return -1;
  const i = classes.findIndex((c) => value <= c.upper);
  return i < 0 ? classes.length - 1 : i;
}

function rgb(hex) {
  const n = (i) => parseInt(hex.slice(i, i + 2), 16);
  return `rgb(${n(1)}, ${n(3)}, ${n(5)})`;
}

/** A point inside the region's path where the path is the top element. */
async function pointInside(page, id) {
  return page.evaluate((regionId) => {
    const el = document.querySelector(`#equiroute-map path.eq-region[data-id="${regionId}"]`);
    const box = el.getBoundingClientRect();
    // Points spread over the bounding box (an additive recurrence), centre first.
    for (let step = 0; step < 400; step++) {
      const x = box.left + ((0.5 + step * 0.618034) % 1) * box.width;
      const y = box.top + ((0.5 + step * 0.381966) % 1) * box.height;
      if (document.elementFromPoint(x, y) === el) return { x, y };
    }
    return null;
  }, id);
}

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'equiroute-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
  });
  const problems = [];
  const requests = [];
  const pageUrl = 'file://' + path.resolve(pagePath);
  context.on('request', (r) => {
    if (r.url() !== pageUrl) requests.push(r.url());
  });
  await context.route('**/*', (route) => (route.request().url() === pageUrl ? route.continue() : route.abort()));
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForSelector('#equiroute-map path.eq-region');
    const data = await page.evaluate(() => JSON.parse(document.getElementById('equiroute-map-data').textContent));
    const ids = data.regions.features.map((f) => f.properties.id);

    // Every region drawn, once.
    const drawn = await page.$$eval('#equiroute-map path.eq-region',
      (paths) => paths.filter((p) => (p.getAttribute('d') || '').length > 10).map((p) => p.getAttribute('data-id')));
    assert.strictEqual(drawn.length, expected.size, 'rendered region paths');
    assert.deepStrictEqual([...drawn].sort(), [...expected.keys()].sort());

    fs.mkdirSync(screenshotDir, { recursive: true });
    await checkIndicator(page, data, 0);
    const hovered = await checkHover(page, data, 0, null, path.join(screenshotDir, 'map-hover.png'));

    const other = data.indicators.findIndex((i) => i.id === '2sfca_institutions');
    assert(other > 0, 'the 2SFCA indicator is offered');
    await page.selectOption('#equiroute-map select', String(other));
    await checkIndicator(page, data, other);
    await checkHover(page, data, other, hovered, path.join(screenshotDir, 'map-2sfca-hover.png'));
    // And the region with the highest score among those large enough to point at.
    const best = await page.$$eval('#equiroute-map path.eq-region', (paths) => paths
      .filter((p) => { const b = p.getBoundingClientRect(); return b.width * b.height > 400; })
      .map((p) => p.getAttribute('data-id')));
    const top = best.reduce((a, b) => (expected.get(a)['2sfca_institutions'] >= expected.get(b)['2sfca_institutions'] ? a : b));
    assert(expected.get(top)['2sfca_institutions'] > 0);
    await checkHover(page, data, other, top, path.join(screenshotDir, 'map-2sfca-top.png'));

    await checkTables(page);
    await page.screenshot({ path: path.join(screenshotDir, 'report.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await checkTableLayout(page);
    await page.screenshot({ path: path.join(screenshotDir, 'report-narrow.png'), fullPage: true });

    assert.deepStrictEqual(problems, [], 'console errors');
    assert.deepStrictEqual(requests, [], 'network requests');
    console.log(`ok: ${drawn.length} regions, ${data.indicators.length} indicators, ` +
      `${(fs.statSync(pagePath).size / 1e6).toFixed(2)} MB; screenshots in ${screenshotDir}`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/** Fills and legend of indicator `i` follow its classes (the printed map's). */
async function checkIndicator(page, data, i) {
  const indicator = data.indicators[i];
  const fills = await page.$$eval('#equiroute-map path.eq-region',
    (paths) => paths.map((p) => [p.getAttribute('data-id'), p.getAttribute('fill')]));
  for (const [id, fill] of fills) {
    const value = expected.get(id)[indicator.id];
    const c = classOf(value === undefined ? null : value, indicator.classes);
    assert.strictEqual(fill, c < 0 ? 'url(#eq-no-data-hatch)' : indicator.classes[c].color, `fill of ${id}`);
  }
  const legend = await page.$$eval('#equiroute-map .eq-legend li', (items) => items.map((li) => [
    getComputedStyle(li.querySelector('.eq-swatch')).backgroundColor, li.textContent]));
  assert.strictEqual(legend.length, indicator.classes.length +
    (indicator.values.some((v) => v === null) ? 1 : 0), 'legend rows');
  indicator.classes.forEach((c, k) => {
    assert.strictEqual(legend[k][0], rgb(c.color), `legend colour ${k}`);
    assert.strictEqual(legend[k][1], c.label, `legend label ${k}`);
  });
}

/** Hovers the largest region (or `id`), reads the tooltip, takes a screenshot of the map. */
async function checkHover(page, data, i, id, screenshot) {
  const indicator = data.indicators[i];
  if (!id) {
    id = await page.$$eval('#equiroute-map path.eq-region', (paths) => {
      const area = (p) => { const b = p.getBoundingClientRect(); return b.width * b.height; };
      return paths.reduce((a, b) => (area(a) >= area(b) ? a : b)).getAttribute('data-id');
    });
  }
  const point = await pointInside(page, id);
  assert(point, `a visible point of region ${id}`);
  await page.mouse.move(point.x, point.y);
  const tooltip = page.locator('#equiroute-map .eq-info.eq-info-active');
  await tooltip.waitFor({ state: 'visible' });
  const props = expected.get(id);
  assert.strictEqual(await tooltip.locator('.eq-info-name').textContent(), props.name);
  const shown = await tooltip.locator(`td[data-indicator="${indicator.id}"]`).textContent();
  const value = props[indicator.id];
  assert(typeof value === 'number' || value === null, `${indicator.id} of ${id} in the run's layer`);
  let text = 'No data';
  if (typeof value === 'number' && typeof indicator.decimals === 'number') {
    text = value.toLocaleString('en', { minimumFractionDigits: indicator.decimals, maximumFractionDigits: indicator.decimals });
  } else if (typeof value === 'number') {
    text = Math.abs(value) >= 1000 ? value.toLocaleString('en', { maximumFractionDigits: 0 })
      : value.toLocaleString('en', { maximumSignificantDigits: 4 });
  }
  assert.strictEqual(shown, text, `tooltip value of ${id} (${indicator.id} = ${value})`);
  assert.strictEqual(await tooltip.locator('tr.eq-current td').getAttribute('data-indicator'), indicator.id);
  await page.locator('#equiroute-map').screenshot({ path: screenshot });
  await page.mouse.move(2, 2);
  await page.locator('#equiroute-map .eq-info:not(.eq-info-active)').waitFor({ state: 'visible' });
  return id;
}

async function checkTables(page) {
  const table = page.locator('table').filter({ hasText: 'Accessibility by region' }).first();
  const header = table.locator('th', { hasText: 'Nearest facility (s)' }).first();
  const column = await header.evaluate((th) => th.cellIndex);
  const values = () => table.evaluate((t, c) => Array.from(t.tBodies[0].rows,
    (r) => Number(r.cells[c].getAttribute('data-value'))), column);
  // Numbers for people, full precision for the sort: whole persons, 4 significant digits.
  const cells = await table.evaluate((t) => {
    const h = Array.from(t.tHead.rows[0].cells).map((th) => th.textContent);
    const pop = h.findIndex((x) => x.startsWith('Population'));
    const score = h.findIndex((x) => x.startsWith('2SFCA score'));
    return Array.from(t.tBodies[0].rows, (r) => [r.cells[pop], r.cells[score]].map(
      (c) => [c.textContent, c.getAttribute('data-value')]));
  });
  for (const [[popText, popValue], [scoreText, scoreValue]] of cells) {
    if (popValue !== null) assert.strictEqual(popText, Math.round(Number(popValue)).toLocaleString('en'), 'whole persons');
    if (scoreValue === null) continue;
    const v = Number(scoreValue);
    if (Math.abs(v) >= 999.5) assert.strictEqual(scoreText, Math.round(v).toLocaleString('en'), `score ${v}`);
    else assert(/^-?[0-9.]+$/.test(scoreText) && Number(scoreText) === Number(v.toPrecision(4)), `score ${v}: ${scoreText}`);
  }
  await header.locator('button').click();
  const up = await values();
  assert.deepStrictEqual(up, [...up].sort((a, b) => a - b), 'ascending after one click');
  assert.strictEqual(await header.getAttribute('aria-sort'), 'ascending');
  await header.locator('button').click();
  const down = await values();
  assert.deepStrictEqual(down, [...down].sort((a, b) => b - a), 'descending after two clicks');
  await checkTableLayout(page);
}

/** No page-wide horizontal scroll; a wide table scrolls in its box; names on one line. */
async function checkTableLayout(page) {
  const layout = await page.evaluate(() => {
    const wraps = Array.from(document.querySelectorAll('.eq-table-wrap'));
    const lines = [];
    for (const td of document.querySelectorAll('.eq-table-wrap td:not(.num)')) {
      const range = document.createRange();
      range.selectNodeContents(td);
      const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
      if (td.textContent.trim()) lines.push([td.textContent, tops.size]);
    }
    return {
      page: document.documentElement.scrollWidth, viewport: window.innerWidth,
      boxes: wraps.map((w) => [w.scrollWidth, w.clientWidth]), lines,
    };
  });
  assert(layout.page <= layout.viewport, `the page scrolls sideways (${layout.page} > ${layout.viewport})`);
  assert(layout.boxes.some(([scroll, client]) => scroll > client), 'a wide table scrolls in its own box');
  const broken = layout.lines.filter(([, n]) => n !== 1);
  assert.deepStrictEqual(broken, [], 'text cells on more than one line');
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
