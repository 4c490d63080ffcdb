import { Router } from 'express';
import type { Pool } from '../../db/pool.js';
import { requireSupervisor } from '../api-auth.js';
import { buildForecast } from '../../reports/forecast.js';
import { parseForecastQuery } from '../../reports/forecast-params.js';

/** The staffing forecast of a group's coming day (supervisors only), in the centre's zone unless asked. */
export function forecastRoutes(pool: Pool, timezone: () => string): Router {
  const router = Router();
  router.get('/forecast', requireSupervisor, async (req, res) => {
    res.json(await buildForecast(pool, parseForecastQuery(req.query, timezone())));
  });
  return router;
}
