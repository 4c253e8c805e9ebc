import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { closeAfterEach, deadPort, startGateway, startUpstream } from './helpers.js';

/**
 * The console lives behind the gateway's internal port: `/` and `/console/**` there are passed to
 * the console process as they are (its event stream too), and never served on the public port.
 */
const track = closeAfterEach();

/** A console stand-in: a page at `/`, an event stream that sends one event, then holds the stream open. */
const fakeConsole = () =>
  startUpstream('console', (req, res) => {
    if (req.url === '/console/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: sections\ndata: {"updated":"now"}\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>console ${req.method} ${req.url}</h1>`);
  });

describe("the console on the gateway's internal port", () => {
  it('when / and /console/** are asked on the internal port, then the console answers, headers kept', async () => {
    const console = await track(fakeConsole());
    const gateway = await track(startGateway({ consoleUrl: console.url }));
    const page = await fetch(`${gateway.registryUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<h1>console GET /</h1>');
    const action = await fetch(`${gateway.registryUrl}/console/connectors/sink/pause?x=1`, {
      method: 'POST',
      headers: { 'x-console-token': 't0ken' },
    });
    expect(await action.text()).toBe('<h1>console POST /console/connectors/sink/pause?x=1</h1>');
    expect(console.requests.at(-1)!.headers['x-console-token']).toBe('t0ken');
  });

  it('when the page opens its event stream, then events arrive through the gateway as it stays open', async () => {
    const console = await track(fakeConsole());
    const gateway = await track(startGateway({ consoleUrl: console.url }));
    const first = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${gateway.registryUrl}/console/events`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        res.once('data', (chunk: string) => {
          resolve(chunk);
          req.destroy();
        });
      });
      req.on('error', reject);
    });
    expect(first).toContain('event: sections');
  });

  it('when the public port is asked for / or /console/**, then it is 404: the console is internal', async () => {
    const console = await track(fakeConsole());
    const gateway = await track(startGateway({ consoleUrl: console.url }));
    for (const path of ['/', '/console/events', '/console/assets/console.js']) {
      const response = await fetch(`${gateway.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect(console.requests).toEqual([]);
  });

  it('when the console does not answer, then the internal port says 503 console-unavailable', async () => {
    const gateway = await track(startGateway({ consoleUrl: `http://127.0.0.1:${await deadPort()}` }));
    const response = await fetch(`${gateway.registryUrl}/`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ code: 'console-unavailable', status: 503 });
  });

  it('when no console is configured, then / on the internal port is 404', async () => {
    const gateway = await track(startGateway());
    expect((await fetch(`${gateway.registryUrl}/`)).status).toBe(404);
  });
});
