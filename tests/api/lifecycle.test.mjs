// Process-level behaviour: durability across a crash, graceful shutdown, log-in rate limits, readiness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, expectError, freshDatabase } from './support.mjs';

test('an acknowledged write survives kill -9', async () => {
  const db = freshDatabase();
  let server = await startServer({ db });
  const c = new Client(server.base);
  const m = await c.signup();
  const r = await c.patch('/api/v1/members/me', { headline: 'Written before the crash' });
  assert.equal(r.status, 200);
  await server.stop({ keepDb: true, signal: 'SIGKILL' });

  server = await startServer({ db });
  try {
    const again = await new Client(server.base).get(`/api/v1/members/${m.handle}`);
    assert.equal(again.json.member.headline, 'Written before the crash');
    const login = await new Client(server.base).post('/api/v1/auth/login', { email: c.email, password: c.password });
    assert.equal(login.status, 200);
  } finally {
    await server.stop();
  }
});

test('SIGTERM finishes in-flight requests, then exits cleanly', async () => {
  const server = await startServer();
  const pending = Array.from({ length: 4 }, () => new Client(server.base).post('/api/v1/auth/signup', {
    email: `t${Math.random().toString(16).slice(2)}@example.org`, password: 'a long password', first_name: 'A', last_name: 'B',
  }));
  await new Promise((r) => setTimeout(r, 30));
  server.child.kill('SIGTERM');
  const results = await Promise.allSettled(pending);
  const { code } = await server.exited;
  server.database.drop();
  assert.equal(code, 0);
  for (const r of results) {
    // A request the server had already read completes; one that had not reached it is refused, never cut off.
    if (r.status === 'fulfilled') assert.equal(r.value.status, 201);
    else assert.match(String(r.reason?.cause?.code || r.reason), /ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET|other side closed/);
  }
  assert.ok(results.some((r) => r.status === 'fulfilled'), 'at least one in-flight request completed');
});

test('failed log-ins are rate limited per account with 429 and retry_after', async () => {
  const server = await startServer({ args: ['--login-failures-per-account', '3', '--login-failures-per-ip', '1000'] });
  try {
    const c = new Client(server.base);
    await c.signup();
    for (let i = 0; i < 3; i++) {
      expectError(assert, await new Client(server.base).post('/api/v1/auth/login', { email: c.email, password: 'wrong password' }), 401);
    }
    const limited = await new Client(server.base).post('/api/v1/auth/login', { email: c.email, password: c.password });
    expectError(assert, limited, 429);
    assert.ok(limited.json.error.retry_after > 0);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    // Another account from the same address is not affected.
    const other = new Client(server.base);
    await other.signup();
    const ok = await new Client(server.base).post('/api/v1/auth/login', { email: other.email, password: other.password });
    assert.equal(ok.status, 200);
  } finally {
    await server.stop();
  }
});

test('failed log-ins are rate limited per IP address', async () => {
  const server = await startServer({ args: ['--login-failures-per-ip', '4', '--login-failures-per-account', '1000'] });
  try {
    for (let i = 0; i < 4; i++) {
      expectError(assert, await new Client(server.base).post('/api/v1/auth/login', { email: `n${i}@example.org`, password: 'wrong password' }), 401);
    }
    expectError(assert, await new Client(server.base).post('/api/v1/auth/login', { email: 'n9@example.org', password: 'wrong password' }), 429);
  } finally {
    await server.stop();
  }
});
