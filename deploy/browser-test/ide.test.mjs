// The GraphQL IDE at / of `armsgraph serve`, in Debian's headless Chromium
// driven by playwright-core: the page loads with every request going to
// 127.0.0.1 only (no CDN), under its Content-Security-Policy without a
// violation, and runs a query whose answer it shows.
//
// deploy/browser-test/run starts what it needs; by hand:
//   ARMSGRAPH_API_URL=http://127.0.0.1:8080/ node --test ide.test.mjs
// Environment:
//   ARMSGRAPH_API_URL  the API's root, served by armsgraph serve (required)
//   CHROMIUM           /usr/bin/chromium
//   BROWSER_TEST_OUT   ../../.run/browser-test (screenshots)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const apiURL = process.env.ARMSGRAPH_API_URL;
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const out = resolve(process.env.BROWSER_TEST_OUT ?? join(import.meta.dirname, '../../.run/browser-test'));
const timeout = 30_000;

let context;
let page;
let profile;
const elsewhere = [];
const consoleErrors = [];

before(async () => {
  assert.ok(apiURL, 'ARMSGRAPH_API_URL is not set: start `armsgraph serve` and point it at its root');
  mkdirSync(out, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'armsgraph-ide-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
  });
  context.setDefaultTimeout(timeout);
  // Every request must go to 127.0.0.1; any other is recorded and refused.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
    elsewhere.push(url.href);
    return route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('the IDE loads from the binary and runs a query', async () => {
  await page.goto(apiURL);
  const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
  await editor.waitFor();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // The editor closes brackets itself: type the query without its closers.
  await page.keyboard.type('{ vessel(imoNumber: "8517839") { name imoNumber');
  await page.locator('.graphiql-execute-button').click();
  const response = page.locator('.graphiql-response');
  await response.getByText('MARIA').first().waitFor();
  await page.screenshot({ path: join(out, 'ide.png') });
  assert.match(await response.innerText(), /"imoNumber": "8517839"/);
  assert.deepEqual(elsewhere, [], 'the IDE asked for something beyond 127.0.0.1');
  const violations = consoleErrors.filter((e) => /Content Security Policy/i.test(e));
  assert.deepEqual(violations, [], 'the page broke its Content-Security-Policy');
});
