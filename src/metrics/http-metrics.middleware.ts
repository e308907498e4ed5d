import type { NextFunction, Request, Response } from 'express';
import { httpDuration } from './metrics.js';

/** Times every request; the route label is the matched pattern, never the raw URL (bounded cardinality). */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path;
    const label = route ? `${req.baseUrl}${route}` : res.statusCode === 404 ? 'unmatched' : 'other';
    end({ method: req.method, route: label, status: String(res.statusCode) });
  });
  next();
}
