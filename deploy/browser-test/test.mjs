// The armsgraph guide in a real Neo4j Browser: Debian's headless Chromium,
// driven by playwright-core, logs in to the test Neo4j, plays the guide
// served by `armsgraph serve`, runs a query of it, checks the names in the
// result, applies the graph style and saves screenshots.
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

before(async () => {
  assert.ok(guideURL, 'ARMSGRAPH_GUIDE_URL is not set: start `armsgraph serve` and point it at its /guide/');
  mkdirSync(out, { recursive: true });
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

test('log in to Neo4j Browser', async () => {
  await page.goto(`${browserURL}?dbms=${encodeURIComponent(boltURL)}`);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('password').press('Enter');
  // The server's settings, among them the allowlist for remote guides,
  // arrive with the connection: playing earlier would be refused.
  await page.getByText(`You are connected as user ${username}`).waitFor();
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
  assert.match(cypher, /^MATCH p = \(v:Vessel\)/);
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
  const relevant = consoleErrors.filter((e) => /CORS|guide|grass|allowlist/i.test(e));
  assert.deepEqual(relevant, []);
});
