import { createClerkClient } from '@clerk/backend';
import { Hono } from 'hono';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createMetadataHandler, memoryStore } from '../index.js';
import { serveNodeHttp } from '../node.js';
import { secretKey } from './support/harness.js';

// The handler mounts unchanged in Hono and in node:http (Express and Next.js are shown in the docs).

describe('embedding', () => {
  it('Hono: app.mount() under a prefix, next to the app’s own routes', async () => {
    // Arrange
    const handler = createMetadataHandler({ secretKey, store: memoryStore() });
    const app = new Hono();
    app.get('/health', (c) => c.text('ok'));
    app.mount('/clerk', handler);
    const server = await serveNodeHttp((request) => Promise.resolve(app.fetch(request)));
    const clerk = createClerkClient({ secretKey, apiUrl: `${server.url}/clerk` });

    try {
      // Act
      const user = await clerk.users.createUser({ publicMetadata: { a: 1 } });
      const updated = await clerk.users.updateUserMetadata(user.id, { publicMetadata: { b: 2 } });
      const health = await fetch(`${server.url}/health`);

      // Assert
      expect(updated.publicMetadata).toEqual({ a: 1, b: 2 });
      expect(await health.text()).toBe('ok');
    } finally {
      await server.close();
    }
  });

  it('Hono: app.all() with basePath, calling the handler with c.req.raw', async () => {
    // Arrange
    const handler = createMetadataHandler({ secretKey, basePath: '/api/clerk' });
    const app = new Hono();
    app.all('/api/clerk/*', (c) => handler(c.req.raw));

    // Act
    const response = await app.request('/api/clerk/v1/users', {
      method: 'POST',
      headers: { authorization: `Bearer ${secretKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ unsafe_metadata: { x: 1 } }),
    });

    // Assert
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({ object: 'user', unsafe_metadata: { x: 1 } });
  });

  it('serveNodeHttp: serves on 127.0.0.1, keeps status, headers and body, and closes', async () => {
    // Arrange
    const handler = createMetadataHandler({ secretKey });
    const server = await serveNodeHttp(handler, { host: '127.0.0.1', port: 0 });

    // Act
    const response = await fetch(`${server.url}/v1/users/user_x/metadata`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${secretKey}` },
    });
    await server.close();
    const afterClose = await fetch(`${server.url}/v1/users`).then(
      () => 'answered',
      () => 'refused',
    );

    // Assert
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('PATCH, PUT');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({ errors: [{ code: 'method_not_allowed' }] });
    expect(afterClose).toBe('refused');
  });

  it('serveNodeHttp: a handler that throws gets a bare 500', async () => {
    // Arrange
    const server = await serveNodeHttp(() => Promise.reject(new Error('boom')));

    try {
      // Act
      const response = await fetch(server.url);

      // Assert
      expect(response.status).toBe(500);
    } finally {
      await server.close();
    }
  });

  it('serveNodeHttp: refuses a port in use', async () => {
    // Arrange
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;

    try {
      // Act / Assert
      await expect(serveNodeHttp(createMetadataHandler({ secretKey }), { port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});
