// Shared helpers for the browser tests (node --test tests/browser/).
//
// browserSuite() called once at a test file's top level: registers the
//                before/after hooks that start and stop a server and a browser,
//                and returns helpers bound to them (newPage, loginAs, settled,
//                and the API helpers below without the base URL).
// startServer()  spawns `kring serve` on a free loopback port with a fresh
//                database and web/dist as web root, waits for /healthz, and
//                returns { baseURL, stop, databaseURL }.
// sql()          runs one SQL statement on that database (for data the API
//                can't create yet, such as company pages).
// launchBrowser() starts Debian's Chromium through playwright-core.
// apiSignup(), apiCall(), apiConnect() set members up through the API.
// settled(), fitsWidth(), waitForText(), collectPageErrors() look at a page.
//
// Environment:
//   KRING_BIN            server binary (default build/kring, relative to the repo root)
//   KRING_TEST_DB_URL    database URL to use instead of a temporary SQLite file
//   KRING_TEST_BASE_URL  use an already running server; nothing is spawned
//   KRING_CHROMIUM       browser executable (default /usr/bin/chromium)
//   KRING_ARTIFACTS      where screenshots and server logs go (default build/test-artifacts)
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// playwright-core is installed by `npm install` in web/; resolve it from there
// so the tests work from any working directory without a second install.
const requireFromWeb = createRequire(path.join(repoRoot, 'web', 'package.json'));
let playwright;
try {
  playwright = requireFromWeb('playwright-core');
} catch (err) {
  throw new Error(
    'playwright-core is missing: run `npm ci` (or `npm install`) in web/ first.\n' + err.message,
  );
}
export const { chromium } = playwright;

const fromRoot = (p) => (path.isAbsolute(p) ? p : path.join(repoRoot, p));

export const artifactsDir = fromRoot(process.env.KRING_ARTIFACTS || 'build/test-artifacts');

export function ensureArtifactsDir() {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return artifactsDir;
}

export function artifactPath(name) {
  return path.join(ensureArtifactsDir(), name);
}

/** A free TCP port on 127.0.0.1 (bind port 0, read it, close). */
export async function freePort() {
  const srv = net.createServer();
  srv.unref();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealthy(baseURL, child, timeoutMs, logTail) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(
        `kring exited with code ${child.exitCode} before becoming healthy.\n${logTail()}`,
      );
    }
    try {
      const res = await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err.cause?.code || err.message;
    }
    await sleep(100);
  }
  throw new Error(
    `kring did not answer GET /healthz with 200 within ${timeoutMs / 1000}s (last: ${lastError}).\n${logTail()}`,
  );
}

/**
 * Start a Kring server for one test file.
 * @param {{ name?: string }} [opts] name is used for the server log file in the artifacts folder.
 * @returns {Promise<{ baseURL: string, stop: () => Promise<void>, databaseURL: string | null }>}
 *   databaseURL is null for KRING_TEST_BASE_URL (a server started elsewhere).
 */
export async function startServer({ name = 'kring' } = {}) {
  if (process.env.KRING_TEST_BASE_URL) {
    const baseURL = process.env.KRING_TEST_BASE_URL.replace(/\/+$/, '');
    await waitForHealthy(baseURL, null, 30_000, () => '');
    return { baseURL, stop: async () => {}, databaseURL: null };
  }

  const bin = fromRoot(process.env.KRING_BIN || 'build/kring');
  if (!fs.existsSync(bin)) {
    throw new Error(`Kring server binary not found at ${bin}. Build it first or set KRING_BIN.`);
  }
  const webRoot = path.join(repoRoot, 'web', 'dist');
  if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
    throw new Error(`${webRoot}/index.html not found: run \`npm run build\` in web/ first.`);
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-browser-'));
  const db = process.env.KRING_TEST_DB_URL || `sqlite:${path.join(tmp, 'kring.db')}`;
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web-root', webRoot];

  const logFile = artifactPath(`${name}-server.log`);
  const log = fs.createWriteStream(logFile);
  let tail = '';
  const keep = (chunk) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  };
  const child = spawn(bin, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const spawnError = new Promise((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});
  const logTail = () => `--- ${bin} ${args.join(' ')}\n--- last server output (full log: ${logFile}):\n${tail}`;

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  try {
    await Promise.race([waitForHealthy(baseURL, child, 30_000, logTail), spawnError]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, stop, databaseURL: db };
}

/**
 * Run one SQL statement on the test server's database with the sqlite3 or psql
 * command-line client, for data the API can't create yet (company pages come
 * from imports and the seed). Returns false when there is no database at hand
 * (KRING_TEST_BASE_URL), so tests can leave that part out.
 */
export function sql(server, statement) {
  const url = server.databaseURL;
  if (!url) return false;
  if (url.startsWith('sqlite:')) {
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', url.slice('sqlite:'.length), statement]);
  } else {
    execFileSync('psql', [url, '-qAtc', statement]);
  }
  return true;
}

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.KRING_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/** An email address no other test run has used. */
export function uniqueEmail(prefix = 'member') {
  const rand = Math.random().toString(36).slice(2, 8);
  return `${prefix}.${Date.now().toString(36)}.${rand}@example.test`;
}

/** Wait until `locator`'s text content (trimmed) equals `expected`. */
export async function waitForText(locator, expected, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await locator.textContent({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => null);
    if (last !== null && last.trim() === expected) return;
    await sleep(100);
  }
  throw new Error(`Expected text ${JSON.stringify(expected)}, last saw ${JSON.stringify(last)}`);
}

/** Fail the test on uncaught page errors; returns the list to assert on. */
export function collectPageErrors(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/** Wait until nothing on the page is loading (no element has aria-busy="true"). */
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}

/** Whether the page fits the window's width (no horizontal scrolling). */
export async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

// ---- API helpers for setting up members quickly (Node's fetch; cookie and CSRF token kept per member) ----

/** Signs a member up through the API; returns {email, first, last, name, handle, csrf, cookie}. */
export async function apiSignup(baseURL, first, last, password) {
  const email = uniqueEmail(first.toLowerCase());
  const res = await fetch(`${baseURL}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ email, password, first_name: first, last_name: last }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`signup ${first} ${last}: ${res.status} ${text}`);
  const body = JSON.parse(text);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { email, first, last, name: `${first} ${last}`, handle: body.member.handle, csrf: body.csrf_token, cookie };
}

/** One API call as `who`; throws on a non-2xx answer; returns the parsed body (or null). */
export async function apiCall(baseURL, who, method, path, body) {
  const headers = { Accept: 'application/json', Cookie: who.cookie, 'X-CSRF-Token': who.csrf };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${baseURL}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${who.name}: ${method} ${path} answered ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** a invites b (with a note, which beyond the 2nd degree is required) and b accepts. */
export async function apiConnect(baseURL, a, b) {
  const { invitation } = await apiCall(baseURL, a, 'POST', '/invitations', {
    to: b.handle,
    note: `Hi ${b.first}, good to meet you.`,
  });
  if (invitation.status !== 'accepted') await apiCall(baseURL, b, 'POST', `/invitations/${invitation.id}/accept`);
}

// ---- The scaffolding of one test file ----

/** The password browserSuite() gives the members it signs up, unless told otherwise. */
export const DEFAULT_PASSWORD = 'correct-horse-battery';

/** newPage()'s window size unless one is given. */
export const DESKTOP_VIEWPORT = { width: 1280, height: 900 };

/**
 * Call once at the top level of a test file: registers node:test before/after
 * hooks that start a server (startServer({ name })) and a browser before the
 * file's tests and stop both after them, and returns what the tests use.
 *
 * server and browser are getters: read them inside tests (they are set by the
 * `before` hook), not when the file is loaded. The functions can be
 * destructured.
 *
 * @param {string} name the server log's name in the artifacts folder (the file's name)
 * @param {{ password?: string }} [options] password: what signup() gives members
 *   and loginAs() types (default DEFAULT_PASSWORD)
 */
export function browserSuite(name, { password = DEFAULT_PASSWORD } = {}) {
  let server;
  let browser;

  before(async () => {
    server = await startServer({ name });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A page in a context of its own; returns { context, page, errors } (errors: uncaught page errors). */
  async function newPage(viewport = DESKTOP_VIEWPORT) {
    const context = await browser.newContext({ baseURL: server.baseURL, viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return { context, page, errors: collectPageErrors(page) };
  }

  /** newPage(), then log in as `who` (anything with an email) through /login and wait for the home page. */
  async function loginAs(who, viewport) {
    const s = await newPage(viewport);
    await s.page.goto('/login');
    await s.page.getByTestId('login-email').fill(who.email);
    await s.page.getByTestId('login-password').fill(password);
    await s.page.getByTestId('login-submit').click();
    await s.page.getByTestId('welcome-card').waitFor();
    return s;
  }

  return {
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
    password,
    newPage,
    loginAs,
    settled,
    /** apiSignup() on this server with the suite's password. */
    signup: (first, last) => apiSignup(server.baseURL, first, last, password),
    /** apiCall() on this server. */
    call: (who, method, path, body) => apiCall(server.baseURL, who, method, path, body),
    /** apiConnect() on this server. */
    connect: (a, b) => apiConnect(server.baseURL, a, b),
  };
}
