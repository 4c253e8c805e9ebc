import type { Request, Response } from 'express';
import type { ConsoleMonitor } from '../domain/console-monitor.js';
import type { Snapshot } from '../domain/snapshot.js';

/**
 * `GET /console/events`: server-sent events. Each snapshot is one `sections` event holding the HTML
 * of the sections that changed for this client (all of them first), so the page's script only
 * swaps markup the server rendered. EventSource reconnects by itself after `retry` ms.
 */
export function eventStream(monitor: ConsoleMonitor, render: (snapshot: Snapshot) => Record<string, string>) {
  const open = new Set<Response>();
  const rendered = new WeakMap<Snapshot, Record<string, string>>();
  const renderOnce = (snapshot: Snapshot) => {
    let sections = rendered.get(snapshot);
    if (!sections) rendered.set(snapshot, (sections = render(snapshot)));
    return sections;
  };

  const handler = (req: Request, res: Response) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    open.add(res);
    let sent: Record<string, string> = {};
    const send = (snapshot: Snapshot) => {
      const sections = renderOnce(snapshot);
      const changed = Object.entries(sections).filter(([id, markup]) => sent[id] !== markup);
      sent = sections;
      if (changed.length > 0) res.write(`event: sections\ndata: ${JSON.stringify(Object.fromEntries(changed))}\n\n`);
    };
    const unsubscribe = monitor.subscribe(send);
    req.on('close', () => {
      unsubscribe();
      open.delete(res);
    });
  };

  return {
    handler,
    /** Ends every open stream (at shutdown: an open page must not hold the server, or the gateway, open). */
    closeAll() {
      for (const res of open) res.end();
      open.clear();
    },
  };
}
