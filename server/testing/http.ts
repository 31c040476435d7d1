// Serves an app on an ephemeral port for a test file and gives a JSON-aware fetch.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Express } from 'express';

export type TestServer = {
  url: string;
  get: (path: string) => Promise<{ status: number; body: any; headers: Headers }>;
  post: (path: string, body: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any; headers: Headers }>;
  close: () => Promise<void>;
};

export async function serve(app: Express): Promise<TestServer> {
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  // fetch reuses idle sockets; Node's 5 s keep-alive would close one just as a slow test (a loaded
  // machine) sends on it, giving ECONNRESET. Tests close the server themselves.
  server.keepAliveTimeout = 600_000;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (path: string, init?: RequestInit) => {
    const res = await fetch(url + path, init);
    const text = await res.text();
    let body: any = text;
    try { body = JSON.parse(text); } catch { /* not JSON: keep the text */ }
    return { status: res.status, body, headers: res.headers };
  };
  return {
    url,
    get: (path) => call(path),
    post: (path, body, headers = {}) => call(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
