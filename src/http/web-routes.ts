import express, { Router } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The pages are plain HTML, CSS and JavaScript kept in src/web (no build step); both the sources
// (tsx) and the build (dist/http) find them here.
const WEB = fileURLToPath(new URL('../../src/web/', import.meta.url));
const MERMAID = path.join(path.dirname(createRequire(import.meta.url).resolve('mermaid')), 'mermaid.min.js');
// uPlot's prebuilt browser files (window.uPlot and its stylesheet), for src/web/charts.js.
const UPLOT = path.dirname(createRequire(import.meta.url).resolve('uplot'));

/** The agents' console (/console) and the supervisors' dashboard (/dashboard). */
export function webRoutes(): Router {
  const router = Router();
  const page = (file: string) => (_req: express.Request, res: express.Response) => res.sendFile(path.join(WEB, file));
  router.get('/', (_req, res) => res.redirect('/dashboard'));
  router.get('/console', page('console.html'));
  router.get('/dashboard', page('dashboard.html'));
  router.use('/web', express.static(WEB, { index: false, maxAge: '1h' }));
  router.get('/vendor/mermaid.min.js', (_req, res) => res.sendFile(MERMAID, { maxAge: '1d' }));
  for (const file of ['uPlot.iife.min.js', 'uPlot.min.css'])
    router.get(`/vendor/${file}`, (_req, res) => res.sendFile(path.join(UPLOT, file), { maxAge: '1d' }));
  return router;
}
