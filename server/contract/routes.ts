// /api/openapi.json (readable from any site, like the public routes it describes) and /api/docs, the
// readable page: Swagger UI served from the installed package, so it needs no internet.
import cors from 'cors';
import express, { Router } from 'express';
import swaggerUi from 'swagger-ui-dist';
import { allow } from '../accounts/roles.ts';
import { OPENAPI } from './openapi.ts';

const PAGE = `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Terrier : documentation de l’API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="api"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/start.js"></script>
</body>
</html>
`;
// A file, not an inline script: the CSP (helmet) allows scripts from this site only.
const START = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#api', deepLinking: true, tryItOutEnabled: false });\n`;

export function contractRoutes(): Router {
  const r = Router();
  r.get('/api/openapi.json', cors({ origin: '*', methods: ['GET'], maxAge: 86400 }), allow('public'), (_req, res) => { res.json(OPENAPI); });
  r.get('/api/docs', allow('public'), (_req, res) => { res.type('html').send(PAGE); });
  r.get('/api/docs/start.js', allow('public'), (_req, res) => { res.type('text/javascript').send(START); });
  r.use('/api/docs/assets', express.static(swaggerUi.getAbsoluteFSPath(), { index: false, maxAge: '1d' }));
  return r;
}
