import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { fromRoot } from './project-root.js';

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Forum</title></head>
<body><main><h1>Forum</h1><p>The server is running. The web client has not been built yet
(<code>npm run build</code>); the API is at <a href="/api/docs">/api/docs</a>.</p></main></body></html>`;

const SERVER_PATHS = /^\/(api|socket\.io|health|metrics|p)(\/|$)|\/feed\.atom$/;

/** Serves the built client (client/dist) with a fallback to index.html for its routes. */
export function mountClient(app: INestApplication): void {
  const dist = fromRoot('client', 'dist');
  const index = existsSync(`${dist}/index.html`) ? readFileSync(`${dist}/index.html`, 'utf8') : PLACEHOLDER;
  if (existsSync(dist)) {
    const assets = express.static(dist, { index: false, maxAge: '1y', immutable: true, setHeaders: noCacheForHtml });
    // API and socket requests never look for a file first (a stat per request otherwise)
    app.use((req: Request, res: Response, next: NextFunction) => (SERVER_PATHS.test(req.path) ? next() : assets(req, res, next)));
  }
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(index);
  });
}

function noCacheForHtml(res: Response, path: string): void {
  if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
}
