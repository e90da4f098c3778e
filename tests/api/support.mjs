// Starts a real `kring serve` for a test file, on SQLite (default) or PostgreSQL (KRING_TEST_BACKEND=postgres,
// with KRING_TEST_PG_URL from tests/support/with-postgres.sh), and gives tests an HTTP client that keeps
// cookies and the CSRF token like a browser would.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const BIN = process.env.KRING_BIN || path.resolve('build/kring');
export const BACKEND = process.env.KRING_TEST_BACKEND || 'sqlite';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

// A fresh database URL for this backend, and a function that removes it.
export function freshDatabase() {
  if (BACKEND === 'postgres') {
    const admin = process.env.KRING_TEST_PG_URL;
    if (!admin) throw new Error('KRING_TEST_PG_URL is not set');
    const name = 'kring_api_' + randomBytes(6).toString('hex');
    execFileSync('psql', [admin, '-qAtc', `CREATE DATABASE ${name}`]);
    const url = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    return {
      url,
      drop: () => {
        try { execFileSync('psql', [admin, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]); } catch { /* gone */ }
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kring-api-'));
  return { url: `sqlite:${dir}/kring.db`, drop: () => rmSync(dir, { recursive: true, force: true }) };
}

export function kringCli(args) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Starts a server; resolves once /healthz answers 200.
export async function startServer({ args = [], db } = {}) {
  const database = db || freshDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(BIN, ['serve', '--db', database.url, '--listen', `127.0.0.1:${port}`, '--quiet',
    '--web-root', path.resolve('web/dist'), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${stderr}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`server did not become ready:\n${stderr}`); }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base, port, child, database, exited,
    stderr: () => stderr,
    async stop({ keepDb = false, signal = 'SIGTERM' } = {}) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const result = await exited;
      if (!keepDb) database.drop();
      return result;
    },
  };
}

// A browser-like client: keeps the session cookie, sends the CSRF token on unsafe requests.
export class Client {
  constructor(base) {
    this.base = base;
    this.cookie = '';
    this.csrf = '';
    this.headers = {};
  }

  async request(method, urlPath, body, { headers = {}, raw = false, csrf = true } = {}) {
    const h = { ...this.headers, ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (csrf && this.csrf && !['GET', 'HEAD'].includes(method)) h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      payload = raw ? body : JSON.stringify(body);
      if (!raw && !h['content-type']) h['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + urlPath, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /kring_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `kring_session=${m[1]}` : '';
    }
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (json && typeof json.csrf_token === 'string') this.csrf = json.csrf_token;
    return { status: res.status, headers: res.headers, json, text };
  }

  get(p, opts) { return this.request('GET', p, undefined, opts); }
  post(p, body, opts) { return this.request('POST', p, body, opts); }
  patch(p, body, opts) { return this.request('PATCH', p, body, opts); }
  del(p, body, opts) { return this.request('DELETE', p, body, opts); }

  async signup(fields = {}) {
    const id = randomBytes(5).toString('hex');
    const body = {
      email: `m${id}@example.org`, password: 'correct horse battery', first_name: 'Test', last_name: `Member ${id}`,
      ...fields,
    };
    const r = await this.post('/api/v1/auth/signup', body);
    if (r.status !== 201) throw new Error(`signup failed: ${r.status} ${r.text}`);
    this.member = r.json.member;
    this.email = body.email;
    this.password = body.password;
    return r.json.member;
  }
}

export function expectError(assert, r, status, code) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.json && r.json.error, `expected a JSON error body, got: ${r.text}`);
  assert.equal(typeof r.json.error.message, 'string');
  if (code) assert.equal(r.json.error.code, code);
}
