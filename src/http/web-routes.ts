import express, { Router } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The pages are plain HTML, CSS and JavaScript kept in src/web (no build step); both the sources
// (tsx) and the build (dist/http) find them here.
const WEB = fileURLToPath(new URL('../../src/web/', import.meta.url));
const require = createRequire(import.meta.url);
const MERMAID = path.join(path.dirname(require.resolve('mermaid')), 'mermaid.min.js');
// uPlot's browser build and stylesheet (the reports page's charts), served as they ship.
const UPLOT = path.dirname(require.resolve('uplot'));

/** The agents' console (/console), the supervisors' dashboard (/dashboard) and pages, and the wallboard. */
export function webRoutes(): Router {
  const router = Router();
  const page = (file: string) => (_req: express.Request, res: express.Response) => res.sendFile(path.join(WEB, file));
  router.get('/', (_req, res) => res.redirect('/dashboard'));
  router.get('/console', page('console.html'));
  router.get('/dashboard', page('dashboard.html'));
  router.get('/reports', page('reports.html'));
  router.get('/voicemails', page('voicemails.html'));
  router.get('/flows', page('flows.html'));
  router.get('/wallboard', page('wallboard.html'));
  router.use('/web', express.static(WEB, { index: false, maxAge: '1h' }));
  router.get('/vendor/mermaid.min.js', (_req, res) => res.sendFile(MERMAID, { maxAge: '1d' }));
  router.use('/vendor/uplot', express.static(UPLOT, { index: false, maxAge: '1d' }));
  return router;
}
