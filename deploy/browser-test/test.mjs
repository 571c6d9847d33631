// The armsgraph guide in a real Neo4j Browser: Debian's headless Chromium,
// driven by playwright-core, logs in to the test Neo4j, waits until Browser
// holds the server's settings, plays the guide served by `armsgraph serve`,
// runs a query of it, checks the names in the result, applies the graph
// style and saves screenshots.
//
// deploy/run-tests starts what it needs; by hand:
//   ARMSGRAPH_GUIDE_URL=http://127.0.0.1:8080/guide/ node --test
// Environment (defaults are the test instance of `make test`):
//   ARMSGRAPH_GUIDE_URL    the guide, served by armsgraph serve (required)
//   NEO4J_BROWSER_URL      http://127.0.0.1:7475/browser/
//   NEO4J_BOLT_URL         bolt://127.0.0.1:7688
//   NEO4J_USERNAME         neo4j
//   NEO4J_PASSWORD         armsgraph-dev
//   CHROMIUM               /usr/bin/chromium
//   BROWSER_TEST_OUT       ../../.run/browser-test (screenshots)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const guideURL = process.env.ARMSGRAPH_GUIDE_URL;
const browserURL = process.env.NEO4J_BROWSER_URL ?? 'http://127.0.0.1:7475/browser/';
const boltURL = process.env.NEO4J_BOLT_URL ?? 'bolt://127.0.0.1:7688';
const username = process.env.NEO4J_USERNAME ?? 'neo4j';
const password = process.env.NEO4J_PASSWORD ?? 'armsgraph-dev';
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const out = resolve(process.env.BROWSER_TEST_OUT ?? join(import.meta.dirname, '../../.run/browser-test'));

// Generous for a loaded 2-core machine, far below the run's budget.
const timeout = 30_000;

let context;
let page;
let profile;
const consoleErrors = [];

// browserVersion reads Neo4j Browser's version from its bundle, which
// embeds its package.json.
async function browserVersion() {
  const index = await (await fetch(browserURL)).text();
  const app = index.match(/src="(app-[^"]+\.js)"/);
  assert.ok(app, `no app bundle in ${browserURL}`);
  const bundle = await (await fetch(new URL(app[1], browserURL))).text();
  return bundle.match(/"name":"neo4j-browser","version":"([^"]+)"/)?.[1] ?? 'unknown';
}

before(async () => {
  assert.ok(guideURL, 'ARMSGRAPH_GUIDE_URL is not set: start `armsgraph serve` and point it at its /guide/');
  mkdirSync(out, { recursive: true });
  // Versions first: a failure after a Chromium or Browser update says which.
  const chromiumVersion = execFileSync(executablePath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  console.log(`browser test: ${chromiumVersion}; Neo4j Browser ${await browserVersion()}; guide ${guideURL}`);
  profile = mkdtempSync(join(tmpdir(), 'armsgraph-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1400, height: 1000 },
  });
  context.setDefaultTimeout(timeout);
  page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(`window.armsgraphServerSettings = ${serverSettings}`);
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// run types a command into Browser's main editor and runs it.
async function run(command) {
  await page.locator('[data-testid="activeEditor"] .monaco-editor').first().click();
  await page.keyboard.type(command);
  await page.getByTestId('editor-Run').click();
}

// frame returns the newest result frame whose command is cmd.
function frame(cmd) {
  return page.getByTestId('frame').filter({ has: page.getByTestId('frameCommand').filter({ hasText: cmd }) }).first();
}

// serverSettings runs in the page: the server settings Browser holds in its
// Redux store (state.meta, filled from dbms.clientConfig() after the
// connection), reached through React's root. Browser 5 exposes no other
// signal for them: "You are connected" shows before they arrive.
function serverSettings() {
  const container = document.getElementById('mount')?._reactRootContainer;
  const stack = [container?._internalRoot?.current];
  while (stack.length > 0) {
    const fiber = stack.pop();
    if (!fiber) continue;
    const store = fiber.memoizedProps?.store;
    if (typeof store?.getState === 'function') {
      const meta = store.getState().meta;
      return { found: true, done: meta.serverConfigDone, allowlist: meta.settings.remoteContentHostnameAllowlist };
    }
    stack.push(fiber.sibling, fiber.child);
  }
  return { found: false };
}

// Index of the first console error logged once Browser had the settings:
// the early :play of the first test logs a CORS error on purpose.
let errorsFrom = 0;

// What an analyst sees who types :play before Browser has connected and
// read the server's settings: Browser's default allowlist lacks 127.0.0.1,
// so it looks for a built-in guide of that name. The README tells the
// analyst to play it again once connected, which the next tests do.
test('a :play before Browser has the server settings finds no guide', async () => {
  await page.goto(`${browserURL}?dbms=${encodeURIComponent(boltURL)}`);
  await run(`:play ${guideURL}`);
  const early = frame(`:play ${guideURL}`);
  await early.getByText('No guide by that name').waitFor();
  assert.equal(await early.getByTestId('carousel').count(), 0);
});

test('log in to Neo4j Browser and wait for the server settings', async () => {
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('password').press('Enter');
  await page.getByText(`You are connected as user ${username}`).waitFor();
  // The settings, among them the allowlist for remote guides, arrive after
  // that message; a :play before them takes the guide's URL for the name of
  // a built-in guide. Wait until the allowlist names the guide's host.
  const host = new URL(guideURL).hostname;
  const applied = await page
    .waitForFunction(
      (host) => {
        const s = window.armsgraphServerSettings();
        return s.found && s.done && s.allowlist.split(',').some((h) => h.trim() === host || h.trim() === '*');
      },
      host,
      { timeout },
    )
    .then(() => true, () => false);
  const seen = await page.evaluate(() => window.armsgraphServerSettings());
  assert.ok(seen.found, 'Browser\'s Redux store was not found under #mount: this Browser version keeps its state elsewhere; update serverSettings in test.mjs');
  assert.ok(applied, `Browser did not apply the server's settings within ${timeout / 1000} s: ${JSON.stringify(seen)}; neo4j.conf should have browser.remote_content_hostname_whitelist with ${host}`);
  console.log(`browser test: Browser has the server's settings, remote content allowlist "${seen.allowlist}"`);
  errorsFrom = consoleErrors.length;
});

test('play the guide and run its vessel query', async () => {
  await run(`:play ${guideURL}`);
  const guide = frame(`:play ${guideURL}`);
  await guide.getByTestId('carousel').waitFor();
  await guide.getByRole('heading', { name: 'armsgraph' }).waitFor();

  await guide.getByTestId('nextSlide').click();
  await guide.getByRole('heading', { name: '1. Vessels linking sanctioned entities' }).waitFor();
  const code = guide.locator('pre.runnable').first();
  const cypher = (await code.textContent()).trim();
  // The guide's linkage question starts from the designations in scope.
  assert.match(cypher, /^MATCH \(d:Designation\)-\[:TARGETS\]->\(e:Entity\)/);
  // A click puts the query in the editor, as an analyst would.
  await code.click();
  await page.getByTestId('editor-Run').click();

  const result = frame(cypher.split('\n')[0]);
  await result.getByText('IBEX SHIPPING INC').first().waitFor();
  const text = await result.innerText();
  for (const name of ['MARIA', 'IBEX SHIPPING INC', 'LADY R', 'TRANSMORFLOT LLC']) {
    assert.ok(text.includes(name), `${name} not in the result:\n${text.slice(0, 2000)}`);
  }
  await page.screenshot({ path: join(out, 'guide.png') });
});

test('apply the style from the guide and draw a vessel', async () => {
  const guide = frame(`:play ${guideURL}`);
  let title = '';
  for (let i = 0; i < 12 && title !== 'Graph style'; i++) {
    await guide.getByTestId('nextSlide').click();
    title = (await guide.locator('h3').first().textContent()).trim();
  }
  assert.equal(title, 'Graph style');
  const styleCommand = (await guide.locator('pre.runnable').first().textContent()).trim();
  assert.equal(styleCommand, `:style ${new URL('style.grass', guideURL)}`);
  await guide.locator('pre.runnable').first().click();
  await page.getByTestId('editor-Run').click();
  // Browser shows the style it applied; a refused or unreadable style
  // shows an error instead.
  const styled = frame(styleCommand);
  await styled.getByText('node.Vessel').first().waitFor();
  assert.ok(!(await styled.innerText()).includes('Error'), await styled.innerText());

  await run("MATCH p = (v:Vessel {imoNumber: '8517839'})-[:FLAGGED|OWNS|OPERATES|MANAGES|LINKED_TO|CARRIED]-() RETURN p");
  const graph = frame("MATCH p = (v:Vessel {imoNumber: '8517839'})");
  await graph.locator('svg .node').first().waitFor();
  // The vessel is drawn with the style's colour and caption.
  const maria = graph.locator('svg .node').filter({ hasText: 'MARIA' }).first();
  await maria.waitFor();
  const outline = maria.locator('circle.b-outline');
  assert.equal((await outline.getAttribute('fill')).toUpperCase(), '#2F6FBA');
  assert.equal(await outline.getAttribute('r'), '35');
  await page.screenshot({ path: join(out, 'style.png') });
});

test('no CORS or guide errors in the console', () => {
  const relevant = consoleErrors.slice(errorsFrom).filter((e) => /CORS|guide|grass|allowlist/i.test(e));
  assert.deepEqual(relevant, []);
});
