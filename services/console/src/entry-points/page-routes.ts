import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { ConsoleMonitor } from '../domain/console-monitor.js';
import { renderPage, type PageOptions } from './view/page-view.js';

/** The page's script and style sheet: served by the console itself, no CDN, no web font (it works offline). */
const ASSETS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../public');

/**
 * Only the console's own origin may load anything, run scripts or be framed: the page has no inline
 * script or style, and nothing from elsewhere.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';" +
    " base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** `GET /` (the page), `/console/snapshot` (the same facts as JSON) and `/console/assets/*`. */
export function pageRoutes(deps: { monitor: ConsoleMonitor; page: PageOptions }): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.set(SECURITY_HEADERS);
    next();
  });
  router.get('/', async (_req, res) => {
    res
      .type('html')
      .set('cache-control', 'no-store')
      .send(renderPage(await deps.monitor.current(), deps.page));
  });
  router.get('/console/snapshot', async (_req, res) => {
    res.set('cache-control', 'no-store').json(await deps.monitor.current());
  });
  router.get('/console/ready', (_req, res) => {
    res.json({ status: 'ready' });
  });
  router.use('/console/assets', express.static(ASSETS, { fallthrough: true, index: false }));
  return router;
}
