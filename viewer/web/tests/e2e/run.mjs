// End-to-end tests of the viewer in a real browser: Debian's chromium driven
// by playwright-core. Usage: node run.mjs ENVGRID_BINARY SCREENSHOT_DIR
// Makes a sample project, starts `envgrid serve` on a free port, runs the
// checks, saves a screenshot of each view, and prints "N passed, N failed".
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ALERT, CELLS, DRONE_JPEG, makeProject, ORTHO, PASSWORDS, PHONE_AT, TODAY } from './fixture.mjs';

const [envgrid, screenshotArg] = process.argv.slice(2);
if (!envgrid) {
  console.error('usage: node run.mjs ENVGRID_BINARY [SCREENSHOT_DIR]');
  process.exit(2);
}
const screenshots = resolve(screenshotArg || 'viewer-screenshots');
mkdirSync(screenshots, { recursive: true });

const results = [];
async function check(name, body) {
  try {
    await body();
    results.push([name, true]);
    console.log(`ok   ${name}`);
  } catch (error) {
    results.push([name, false]);
    console.log(`FAIL ${name}: ${error.stack || error}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function startServer(project) {
  const server = spawn(envgrid, ['serve', project, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveUrl, reject) => {
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const match = output.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) resolveUrl({ server, url: match[1] });
    });
    server.on('exit', (code) => reject(new Error(`envgrid serve exited with ${code}: ${output}`)));
  });
}

// SIGTERM, then wait until the server has closed the store and exited, so
// that removing the project folder does not race the server's last writes.
function stopServer(server) {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolveExit) => {
    server.removeAllListeners('exit');
    server.once('exit', () => resolveExit());
    server.kill('SIGTERM');
  });
}

async function loginAs(browser, url, user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`page error (${user}): ${error.message}`));
  await page.goto(url);
  await page.waitForSelector('#login');
  await page.fill('input[name=user_name]', user);
  await page.fill('input[name=password]', PASSWORDS[user]);
  await page.click('#login button[type=submit]');
  await page.waitForSelector('body[data-ready]');
  return page;
}

// A phone (390 x 844, touch, the position mocked by E3; service workers
// allowed) logged in as user, on the page it lands on.
async function phoneAs(browser, url, user) {
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    geolocation: PHONE_AT, permissions: ['geolocation'], serviceWorkers: 'allow',
  });
  const phone = await phoneContext.newPage();
  phone.on('pageerror', (error) => console.log(`page error (phone): ${error.message}`));
  phone.on('console', (message) => { if (message.type() === 'warning') console.log(`console (phone): ${message.text()}`); });
  await phone.goto(url);
  await phone.waitForSelector('#login');
  await phone.fill('input[name=user_name]', user);
  await phone.fill('input[name=password]', PASSWORDS[user]);
  await phone.tap('#login button[type=submit]');
  await phone.waitForSelector('body[data-ready=field]');
  return { phoneContext, phone };
}

// A phone-style JPEG (no EXIF: placed by the browser's position) made by the
// browser's own encoder: a background and a rectangle in these colours.
async function browserJpeg(page, [background, box]) {
  return Buffer.from(await page.evaluate(async ([background, box]) => {
    const canvas = new OffscreenCanvas(640, 480);
    const g = canvas.getContext('2d');
    g.fillStyle = background; g.fillRect(0, 0, 640, 480); g.fillStyle = box; g.fillRect(200, 150, 240, 180);
    return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 })).arrayBuffer()));
  }, [background, box]));
}

// fetch from inside the page, as the app would (same origin, cookie sent).
function pageFetch(page, method, path, { csrf = true, body } = {}) {
  return page.evaluate(
    async ([method, path, csrf, body]) => {
      const headers = { 'Content-Type': 'application/json' };
      if (csrf) {
        const session = await (await fetch('/api/session')).json();
        headers['X-CSRF-Token'] = session.csrf_token;
      }
      const response = await fetch(path, { method, headers, body: body && JSON.stringify(body) });
      return { status: response.status, body: await response.text() };
    },
    [method, path, csrf, body],
  );
}

const dir = mkdtempSync(join(tmpdir(), 'envgrid-e2e-'));
let server;
let browser;
try {
  const project = makeProject(envgrid, dir);
  const started = await startServer(project);
  server = started.server;
  const url = started.url;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // playwright-core gives every launch a fresh, empty user-data-dir of its own.
  });

  await check('login page, then an analyst lands in the review queue', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('#login');
    await page.screenshot({ path: join(screenshots, 'login.png') });
    await page.fill('input[name=user_name]', 'a1');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('#login button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#login-error')?.textContent.length > 0);
    await context.close();
  });

  const analyst = await loginAs(browser, url, 'a1');
  await check('the review queue shows the flag\'s before/after chips large, as a swipe or side by side', async () => {
    await analyst.waitForSelector('body[data-ready=queue]');
    await analyst.waitForSelector('#chips[data-flag=F1] .swipe img.over');
    const sizes = await analyst.$$eval('#chips img', (images) => images.map((img) => [img.alt, img.naturalWidth, img.getBoundingClientRect().width]));
    assert(sizes.length === 2 && sizes.every(([, natural, shown]) => natural === 256 && shown >= 256), `chips ${JSON.stringify(sizes)}`);
    await analyst.fill('#swipe', '80');
    const clip = await analyst.$eval('#chips img.over', (img) => img.style.clipPath);
    assert(clip.includes('80%'), `clip ${clip}`);
    await analyst.screenshot({ path: join(screenshots, 'queue-chips-swipe.png') });
    await analyst.keyboard.press('s');
    await analyst.waitForSelector('#chips .side-by-side');
    await analyst.screenshot({ path: join(screenshots, 'queue-chips-side-by-side.png') });
    await analyst.keyboard.press('s');
    await analyst.waitForSelector('#chips .swipe');
    assert((await analyst.textContent('#progress')) === '1 of 4', 'S must not move in the queue');
  });

  await check('review three flags by keyboard, each saved at once', async () => {
    await analyst.waitForSelector('body[data-ready=queue]');
    assert((await analyst.textContent('#progress')) === '1 of 4', `progress ${await analyst.textContent('#progress')}`);
    for (const [key, flag, status] of [['a', 'F1', 'accepted'], ['r', 'F2', 'rejected'], ['f', 'F3', 'field_check']]) {
      const saved = analyst.waitForResponse((r) => r.url().endsWith(`/api/flags/${flag}/review`) && r.status() === 200);
      if (key === 'f') {
        await analyst.keyboard.press('c');
        await analyst.keyboard.type('check on site');
        await analyst.keyboard.press('Escape');
      }
      await analyst.keyboard.press(key);
      await saved;
      const history = await pageFetch(analyst, 'GET', `/api/flags/${flag}/reviews`, { csrf: false });
      const last = JSON.parse(history.body).reviews.at(-1);
      assert(last.new_status === status && last.user_name === 'a1', `${flag}: ${history.body}`);
      // One key press, one decision: no second listener may record it twice.
      assert(JSON.parse(history.body).reviews.length === 1, `${flag}: ${history.body}`);
    }
    await analyst.waitForFunction(() => document.querySelector('#progress').textContent === '4 of 4');
    await analyst.screenshot({ path: join(screenshots, 'queue.png') });
  });

  await check('after a reload the decisions are still there', async () => {
    await analyst.reload();
    await analyst.waitForSelector('body[data-ready=queue]');
    const seen = [];
    for (let i = 0; i < 3; ++i) {
      await analyst.waitForFunction((n) => document.querySelector('#progress').textContent === `${n} of 4`, i + 1);
      seen.push(await analyst.textContent('#flag-status'));
      await analyst.keyboard.press('n');
    }
    assert(JSON.stringify(seen) === JSON.stringify(['accepted', 'rejected', 'field_check']), `saw ${seen}`);
    await analyst.keyboard.press('p');
    await analyst.waitForFunction(() => document.querySelector('#progress').textContent === '3 of 4');
    const comment = await pageFetch(analyst, 'GET', '/api/flags/F3/reviews', { csrf: false });
    assert(JSON.parse(comment.body).reviews[0].comment === 'check on site', comment.body);
  });

  await check('a write without the CSRF token fails and changes nothing', async () => {
    const refused = await pageFetch(analyst, 'POST', '/api/flags/F4/review', { csrf: false, body: { status: 'accepted' } });
    assert(refused.status === 403, `status ${refused.status}`);
    const history = await pageFetch(analyst, 'GET', '/api/flags/F4/reviews', { csrf: false });
    assert(JSON.parse(history.body).reviews.length === 0, history.body);
  });

  await check('a grid manager is refused another cell\'s flag', async () => {
    const manager = await loginAs(browser, url, 'gm1');
    await manager.waitForSelector('body[data-ready=cells]');
    const mine = await manager.$$eval('#my-cells li', (items) => items.map((li) => li.textContent));
    assert(mine.length === 1 && mine[0].startsWith('C1'), `my cells: ${mine}`);
    await manager.screenshot({ path: join(screenshots, 'grid-manager.png') });
    const read = await pageFetch(manager, 'GET', '/api/flags/F3/reviews', { csrf: false });
    assert(read.status === 403, `read F3: ${read.status}`);
    const write = await pageFetch(manager, 'POST', '/api/flags/F4/review', { body: { status: 'rejected' } });
    assert(write.status === 403, `review F4: ${write.status}`);
    const own = await pageFetch(manager, 'POST', '/api/flags/F2/review', { body: { status: 'field_check' } });
    assert(own.status === 200, `review own F2: ${own.status}`);
    const queue = JSON.parse((await pageFetch(manager, 'GET', '/api/flags', { csrf: false })).body);
    assert(queue.total === 2 && queue.items.every((f) => f.properties.cell_id === 'C1'), JSON.stringify(queue.total));
    await manager.context().close();
  });

  await check('the map shows the cells at the right place', async () => {
    const admin = await loginAs(browser, url, 'admin');
    await admin.waitForSelector('body[data-ready=map]');
    // toLonLat uses OpenLayers' built-in Web Mercator -> WGS 84 transform,
    // independent of the proj4 definition of EPSG:4490 the data came through.
    const center = await admin.evaluate(() => window.envgrid.toLonLat(window.envgrid.map.getView().getCenter()));
    assert(Math.abs(center[0] - 113.1) < 0.02 && Math.abs(center[1] - 23.05) < 0.02, `view centre ${center}`);
    // The pixel at each cell's middle shows that cell.
    for (const [id, cell] of Object.entries(CELLS)) {
      const lonLat = [(cell.lon[0] + cell.lon[1]) / 2, (cell.lat[0] + cell.lat[1]) / 2 + 0.03];
      const found = await admin.evaluate((lonLat) => {
        const { map } = window.envgrid;
        const pixel = map.getPixelFromCoordinate(window.envgrid.fromLonLat(lonLat));
        return map.getFeaturesAtPixel(pixel).map((f) => f.get('cell_id')).filter(Boolean);
      }, lonLat);
      assert(found.includes(id), `at ${lonLat} found ${found}`);
    }
    await admin.screenshot({ path: join(screenshots, 'map.png') });
    await admin.context().close();
  });

  await check('the map shows the orthomosaic tiles at the right place', async () => {
    const admin = await loginAs(browser, url, 'admin');
    await admin.waitForSelector('body[data-ready=map]');
    const lat = (ORTHO.lat[0] + ORTHO.lat[1]) / 2;
    const colours = await admin.evaluate(async ([west, east, lat]) => {
      const { map, rasters } = window.envgrid;
      map.getView().fit(rasters[0].getExtent(), { padding: [20, 20, 20, 20] });
      await new Promise((done) => map.once('rendercomplete', done));
      const at = (lon) => Array.from(rasters[0].getData(map.getPixelFromCoordinate(window.envgrid.fromLonLat([lon, lat]))) || []);
      return { west: at(west), east: at(east) };
    }, [ORTHO.split - 0.02, ORTHO.split + 0.02, lat]);
    const near = (pixel, rgb) => pixel.length === 4 && rgb.every((v, i) => Math.abs(pixel[i] - v) <= 3) && pixel[3] === 255;
    assert(near(colours.west, ORTHO.west) && near(colours.east, ORTHO.east), `tile pixels ${JSON.stringify(colours)}`);
    await admin.screenshot({ path: join(screenshots, 'map-orthomosaic.png') });
    await admin.context().close();
  });

  await check('an investigator runs a trace and reads the ranked suspects with their terms', async () => {
    const investigator = await loginAs(browser, url, 'inv1');
    await investigator.waitForSelector('body[data-ready=trace]');
    await investigator.selectOption('select[name=section_id]', 'X');
    await investigator.fill('input[name=at]', '2024-05-10T12:00:00');
    await investigator.selectOption('select[name=parameter]', 'NH3N');
    await investigator.click('#run-trace');
    await investigator.waitForSelector('#suspects tr:nth-child(2)');
    const stops = await investigator.textContent('#trace-stops');
    assert(stops.includes('U on r1'), `stops: ${stops}`);
    const rows = await investigator.$$eval('#suspects tr', (trs) => trs.slice(1).map((row) => row.textContent));
    assert(rows[0].startsWith('1'), `ranked: ${rows}`);
    const o3 = rows.find((row) => row.includes('outfall O3'));
    assert(o3 && o3.includes('unregistered') && o3.includes('proximity'), `suspects: ${rows}`);
    const reaches = await investigator.textContent('#trace-reaches');
    assert(reaches.startsWith('3 reaches'), reaches);
    const traced = await investigator.evaluate(() => window.envgrid.traceMap.getLayers().getArray().at(-3).getSource().getFeatures().length);
    assert(traced === 1, `traced features ${traced}`);
    await investigator.screenshot({ path: join(screenshots, 'trace.png') });
    // Grid managers may not run traces.
    await investigator.context().close();
    const manager = await loginAs(browser, url, 'gm1');
    const refused = await pageFetch(manager, 'POST', '/api/traces', { body: { section_id: 'X', at: '2024-05-10T12:00:00', parameter: 'NH3N' } });
    assert(refused.status === 403, `grid manager trace: ${refused.status}`);
    await manager.context().close();
  });

  await check('a grid manager sees today\'s patrol route and downloads its GPX, not another cell\'s', async () => {
    const manager = await loginAs(browser, url, 'gm1');
    await manager.waitForSelector('body[data-ready=cells]');
    await manager.waitForSelector('body[data-patrol]');
    const title = await manager.textContent('#patrol-title');
    assert(title.includes('today') && title.includes(`C1-${TODAY}`), `patrol title ${title}`);
    const stops = await manager.$$eval('#patrol-stops li', (items) => items.map((li) => li.textContent));
    assert(stops.length === 2 && stops.some((s) => s.includes('E1')) && stops.some((s) => s.includes('E3')), `stops ${stops}`);
    const href = await manager.getAttribute('#patrol-gpx', 'href');
    const gpx = await pageFetch(manager, 'GET', href, { csrf: false });
    assert(gpx.status === 200 && gpx.body.includes('<gpx') && (gpx.body.match(/<wpt /g) || []).length === 2, `gpx ${gpx.status} ${gpx.body.slice(0, 200)}`);
    const other = await pageFetch(manager, 'GET', `/api/patrols/C2-${TODAY}.gpx`, { csrf: false });
    assert(other.status === 403, `other cell's GPX: ${other.status}`);
    await manager.screenshot({ path: join(screenshots, 'patrol.png') });
    await manager.context().close();
  });

  await check('a grid manager sees the alert of their cell on My cells and acknowledges it', async () => {
    const manager = await loginAs(browser, url, 'gm1');
    await manager.waitForSelector('#alerts li.alert[data-status=open]');
    const text = await manager.textContent('#alerts li.alert');
    assert(text.includes(`${ALERT.parameter} at ${ALERT.outfall}`) && text.includes('3 exceedances'), `alert: ${text}`);
    await manager.fill('#alerts li.alert input.alert-note', 'phoned the plant');
    await manager.click('#alerts li.alert button.alert-ack');
    await manager.waitForSelector('#alerts li.alert[data-status=acknowledged]');
    const history = await manager.textContent('#alerts li.alert .alert-events');
    assert(history.includes('gm1: open → acknowledged — phoned the plant'), `history: ${history}`);
    await manager.screenshot({ path: join(screenshots, 'alerts.png') });
    await manager.context().close();
  });

  // The phone page (#/field) on a 390 x 844 touch screen with the phone's
  // position mocked: nearest task first, history, map, navigation link,
  // template form, a real drone photo and a phone-style JPEG made here,
  // submitted while offline and sent once when the network returns; the
  // office closes it.
  await check('a grid manager on a phone does a task offline and the office closes it', async () => {
    const { phoneContext, phone } = await phoneAs(browser, url, 'gm1');
    const listed = await phone.$$eval('#field-tasks a', (links) => links.map((a) => [a.dataset.task, a.querySelector('.dist').textContent]));
    assert(listed.length === 2 && listed[0][0] === 'K000002' && listed[1][0] === 'K000001', `gm1's tasks nearest first: ${JSON.stringify(listed)}`);
    assert(/^\d+ m$/.test(listed[0][1]), `distance of the nearest: ${listed[0][1]}`);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `the page is ${width} px wide on a 390 px screen`);
    await phone.screenshot({ path: join(screenshots, 'phone-tasks.png') });

    await phone.tap('#field-tasks a[data-task=K000002]');
    await phone.waitForSelector('body[data-task="K000002:dispatched"]');
    const nav = await phone.getAttribute('#navigate', 'href');
    assert(nav.startsWith('geo:23.07,113.03'), `navigation link ${nav}`);
    const history = await phone.textContent('.history');
    assert(history.includes('Print shop') && history.includes('last inspected never'), `history: ${history}`);
    const map = await phone.$eval('#field-map', (m) => [m.getBoundingClientRect().height, m.querySelector('canvas') !== null]);
    assert(map[0] >= 150 && map[1], `small map ${map}`);
    await phone.tap('#start');
    await phone.waitForSelector('body[data-task="K000002:in_progress"]');

    for (const item of await phone.$$('#template-form fieldset.check')) await (await item.$('input[value=pass]')).tap();
    await phone.fill('fieldset[data-item=ph] input[type=number]', '7.4');
    await phone.fill('fieldset[data-item=cod] input[type=number]', '52');
    await phone.fill('fieldset[data-item=nh3n] input[type=number]', '');
    await phone.fill('fieldset[data-item=nh3n] input[type=text]', 'reagent used up');
    await phone.fill('fieldset[data-item=source] textarea', '印染废水，颜色偏蓝');
    // A phone-style JPEG (no EXIF: placed by the browser's position) made by the browser's own encoder.
    const phoneJpeg = await browserJpeg(phone, ['#4a7', '#333']);
    await phone.setInputFiles('#camera', [{ name: 'DJI_0018.JPG', mimeType: 'image/jpeg', buffer: readFileSync(DRONE_JPEG) }, { name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: phoneJpeg }]);
    await phone.waitForFunction(() => document.querySelectorAll('#photos figure:not(.waiting)').length === 2 &&
      !document.querySelector('#photos figure.waiting'), null, { timeout: 30000 })
      .catch(async (error) => {
        throw new Error(`${error.message}; photos shown: ${await phone.$$eval('#photos figure', (f) => f.length)}, toast: ${await phone.textContent('#toast')}, outbox: ${await phone.getAttribute('body', 'data-outbox')}`);
      });
    const captions = await phone.$$eval('#photos figcaption', (c) => c.map((x) => x.textContent));
    assert(captions.some((c) => c.includes('exif')) && captions.some((c) => / device \d+ m$/.test(c)), `photo captions ${captions}`);
    const thumbs = await phone.$$eval('#photos img', (imgs) => imgs.map((i) => i.complete && i.naturalWidth));
    assert(thumbs.every((w) => w > 0 && w <= 320), `thumbnails ${thumbs}`);

    await phoneContext.setOffline(true);
    await phone.tap('#submit');
    await phone.waitForSelector('body[data-outbox="1"]').catch(async (error) => {
      throw new Error(`${error.message}; toast: ${await phone.textContent('#toast')}, outbox: ${await phone.getAttribute('body', 'data-outbox')}, task: ${await phone.getAttribute('body', 'data-task')}`);
    });
    await phone.screenshot({ path: join(screenshots, 'phone-offline.png') });
    await phoneContext.setOffline(false);
    await phone.waitForSelector('body[data-outbox="0"]', { timeout: 20000 });
    await phone.waitForSelector('body[data-task="K000002:submitted"]');
    const sent = await phone.evaluate(() => window.envgrid.lastSubmit);
    await phone.reload();
    await phone.waitForSelector('body[data-task="K000002:submitted"]');
    // The same submission once more, as a phone whose answer was lost would send it.
    const again = await pageFetch(phone, 'POST', '/api/tasks/K000002/submit', { body: sent });
    assert(again.status === 200 && JSON.parse(again.body).already_done === true, `a resent submission: ${again.status} ${again.body}`);
    await phone.screenshot({ path: join(screenshots, 'phone-task.png'), fullPage: true });

    const office = await loginAs(browser, url, 'a1');
    await office.goto(`${url}#/field/K000002`);
    await office.waitForSelector('body[data-task="K000002:submitted"]');
    const shown = await office.textContent('section.field');
    assert(shown.includes('印染废水'), 'the office reads the findings');
    await office.fill('#review-note', 'checked on site; closed');
    await office.click('#close');
    await office.waitForSelector('body[data-task="K000002:closed"]');
    const trail = await office.$$eval('#trail li', (items) => items.map((li) => li.textContent));
    const submits = trail.filter((t) => t.includes(' submit'));
    assert(submits.length === 1 && submits[0].includes('gm1@127.0.0.1'), `one submission in the trail: ${trail}`);
    assert(trail.at(-1).includes('a1@') && trail.at(-1).includes('close: checked on site; closed'), `close in the trail: ${trail}`);
    const detail = JSON.parse((await pageFetch(office, 'GET', '/api/tasks/K000002', { csrf: false })).body);
    assert(detail.photos.length === 2, `photos stored: ${detail.photos.length}`);
    await office.context().close();

    // The desktop views do not squeeze on the phone: the map comes first.
    await phone.goto(`${url}#/cells`);
    await phone.waitForSelector('body[data-ready=cells]');
    const mapTop = await phone.$eval('#cells-map', (m) => m.getBoundingClientRect().top);
    assert(mapTop < 200, `My cells' map starts at ${mapTop} px`);
    await phoneContext.close();
  });

  // The dossier (一厂一档) of the phone's enterprise, reached from its task:
  // the task the office closed above is in it with its findings and photos;
  // printed it is a page without the app's chrome; exported it is one HTML
  // file that needs nothing else.
  await check('the office opens a dossier from a task, with the closed task, and prints and exports it', async () => {
    const office = await loginAs(browser, url, 'a1');
    await office.goto(`${url}#/field/K000002`);
    await office.waitForSelector('body[data-task="K000002:closed"]');
    await office.click('#task-dossier');
    await office.waitForSelector('body[data-ready=enterprise]');
    assert(office.url().endsWith('#/enterprise/E3/dossier'), `dossier address: ${office.url()}`);
    const task = await office.$('article.dossier-task[data-task=K000002][data-state=closed]');
    assert(task, 'the closed task is in the dossier');
    const text = await task.textContent();
    assert(text.includes('印染废水') && text.includes('close: checked on site; closed'), `the task's result and trail: ${text}`);
    await office.waitForFunction(() => [...document.querySelectorAll('.dossier-task[data-task=K000002] img')].filter((i) => i.complete && i.naturalWidth > 0).length === 2);
    await office.screenshot({ path: join(screenshots, 'dossier.png'), fullPage: true });
    await office.emulateMedia({ media: 'print' });
    const chrome = await office.evaluate(() => ['#bar', '.dossier-actions', '#toast'].map((s) => getComputedStyle(document.querySelector(s)).display));
    assert(chrome.every((d) => d === 'none'), `no app chrome in print: ${chrome}`);
    const pdf = await office.pdf({ format: 'A4' });
    assert(pdf.length > 10000 && pdf.subarray(0, 5).toString() === '%PDF-', `printed: ${pdf.length} bytes`);
    await office.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([office.waitForEvent('download'), office.click('#export')]);
    assert(download.suggestedFilename() === 'dossier-E3.html', `file name: ${download.suggestedFilename()}`);
    const html = readFileSync(await download.path(), 'utf8');
    const inlined = html.match(/src="data:image\/jpeg;base64,/g) || [];
    assert(html.includes('K000002') && html.includes('印染废水') && inlined.length === 2, `exported: ${html.length} bytes, ${inlined.length} photos`);
    assert(!/https?:|src="\//.test(html), 'the exported file names no URL');
    await office.context().close();
  });

  // Offline from the start: the page was opened online once, then the phone
  // loses the network, reloads the page (served by the service worker),
  // opens its other task, starts and fills it, adds two photos and submits;
  // all waits on the phone, survives another reload, and arrives once when
  // the network returns. A photo re-sent after a lost answer is stored once.
  await check('the phone page opens without a network (service worker) and a task done there arrives once', async () => {
    const { phoneContext, phone } = await phoneAs(browser, url, 'gm1');
    // The session, the list and each open task of gm1 are kept (K000002 was closed above).
    const open = await phone.$$eval('#field-tasks a', (links) => links.map((a) => a.dataset.task));
    assert(open.join() === 'K000001', `gm1's open tasks: ${open}`);
    await phone.waitForSelector('body[data-kept]', { timeout: 30000 });
    const kept = await phone.getAttribute('body', 'data-kept');
    assert(kept === '3', `answers kept for offline use: ${kept}`);
    const controlled = await phone.evaluate(async () => (await navigator.serviceWorker.ready).active.scriptURL);
    assert(controlled.endsWith('/sw.js'), `service worker ${controlled}`);

    await phoneContext.setOffline(true);
    // Neither the page nor the service worker reaches the server now.
    const pageNet = await phone.evaluate(() => fetch('/api/rasters').then((r) => r.status, () => 'failed'));
    assert(pageNet === 'failed', `the page still reached the server: ${pageNet}`);
    const [worker] = phoneContext.serviceWorkers();
    const workerNet = await worker.evaluate(() => fetch('/api/rasters').then((r) => r.status, () => 'failed'));
    assert(workerNet === 'failed', `the service worker still reached the server: ${workerNet}`);

    await phone.reload();
    await phone.waitForSelector('body[data-ready=field]');
    const listed = await phone.$$eval('#field-tasks a', (links) => links.map((a) => a.dataset.task));
    assert(listed.join() === 'K000001', `offline list: ${listed}`);
    await phone.tap('#field-tasks a[data-task=K000001]');
    await phone.waitForSelector('body[data-task="K000001:dispatched"]');
    const amap = await phone.getAttribute('#navigate-amap', 'href');
    const geo = await phone.getAttribute('#navigate', 'href');
    // GCJ-02 lies a few hundred metres off WGS 84 in Guangdong: east and north.
    const [, gcjLat, gcjLon] = amap.match(/dlat=([\d.]+)&dlon=([\d.]+)/).map(Number);
    const [, lat, lon] = geo.match(/^geo:([\d.]+),([\d.]+)/).map(Number);
    assert(gcjLon - lon > 0.003 && gcjLon - lon < 0.007 && gcjLat - lat > -0.004 && gcjLat - lat < 0.004 && amap.includes('dev=0'),
      `Amap link ${amap} against ${geo}`);
    await phone.tap('#start');
    await phone.waitForSelector('#template-form');
    for (const item of await phone.$$('#template-form fieldset.check')) await (await item.$('input[value=fail]')).tap();
    for (const item of await phone.$$('#template-form fieldset.check input[type=text]')) await item.fill('drain open');
    await phone.fill('fieldset[data-item=ph] input[type=number]', '6.1');
    await phone.fill('fieldset[data-item=cod] input[type=number]', '180');
    await phone.fill('fieldset[data-item=nh3n] input[type=number]', '12.5');
    await phone.fill('fieldset[data-item=source] textarea', '夜间偷排，暗管');
    const phoneJpeg = await browserJpeg(phone, ['#765', '#fc0']);
    const droneJpeg = readFileSync(DRONE_JPEG);
    await phone.setInputFiles('#camera', [{ name: 'DJI_0018.JPG', mimeType: 'image/jpeg', buffer: droneJpeg }, { name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: phoneJpeg }]);
    await phone.waitForSelector('body[data-outbox="3"]');
    await phone.waitForFunction(() => document.querySelectorAll('#photos figure.waiting img').length === 2 &&
      [...document.querySelectorAll('#photos figure.waiting img')].every((i) => i.complete && i.naturalWidth > 0));
    await phone.tap('#submit');
    await phone.waitForSelector('body[data-outbox="4"]');
    await phone.screenshot({ path: join(screenshots, 'phone-offline-sw.png'), fullPage: true });
    // A reload without a network: the page and the waiting work are still there.
    await phone.reload();
    await phone.waitForSelector('body[data-task="K000001:dispatched"]');
    await phone.waitForSelector('body[data-outbox="4"]');
    assert(await phone.$('#template-form') !== null, 'the form of the task started offline');

    await phoneContext.setOffline(false);
    await phone.waitForSelector('body[data-outbox="0"]', { timeout: 30000 });
    await phone.waitForSelector('body[data-task="K000001:submitted"]', { timeout: 10000 });
    // The drone photo once more, as an outbox whose answer was lost sends it.
    const resent = await phone.evaluate(async (bytes) => {
      const session = await (await fetch('/api/session')).json();
      const r = await fetch('/api/tasks/K000001/photos', { method: 'POST', body: new Uint8Array(bytes),
        headers: { 'X-CSRF-Token': session.csrf_token, 'Idempotency-Key': 'resend-test' } });
      return [r.status, await r.json()];
    }, Array.from(droneJpeg));
    assert(resent[0] === 200 && resent[1].added === false, `a resent photo: ${JSON.stringify(resent)}`);

    const office = await loginAs(browser, url, 'a1');
    const detail = JSON.parse((await pageFetch(office, 'GET', '/api/tasks/K000001', { csrf: false })).body);
    assert(detail.photos.length === 2, `photos stored: ${detail.photos.map((p) => p.photo_id)}`);
    const actions = detail.events.map((e) => e.action);
    assert(actions.filter((a) => a === 'start').length === 1 && actions.filter((a) => a === 'submit').length === 1,
      `one start and one submission: ${actions}`);
    assert(JSON.stringify(detail.task.result).includes('夜间偷排'), 'the findings arrived');
    await office.goto(`${url}#/field/K000001`);
    await office.waitForSelector('body[data-task="K000001:submitted"]');
    await office.fill('#review-note', 'illegal discharge confirmed; closed');
    await office.click('#close');
    await office.waitForSelector('body[data-task="K000001:closed"]');
    await office.context().close();
    await phoneContext.close();
  });
} finally {
  if (browser) await browser.close();
  if (server) await stopServer(server);
  // The store's WAL and shared-memory files go when the server closes the
  // store; retry in case the file system is slow to let go of them.
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

const failed = results.filter(([, ok]) => !ok).length;
console.log(`screenshots in ${screenshots}`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
