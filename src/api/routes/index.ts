import { adminRoutes } from './admin.js';
import { approachRoutes } from './approaches.js';
import { auditRoutes } from './audit.js';
import { awarenessRoutes } from './awareness.js';
import { caseRoutes } from './cases.js';
import { authRoutes } from './auth.js';
import { healthRoutes } from './health.js';
import { listRoutes } from './lists.js';
import { moneyRoutes } from './money.js';
import { screeningRoutes } from './screening.js';
import { securityRoutes } from './security.js';
import { yenteRoutes } from './yente.js';

/** Every route the server offers: the API description and the authorisation matrix test read this table. */
export const ROUTES = [...healthRoutes, ...authRoutes, ...adminRoutes, ...listRoutes, ...screeningRoutes, ...approachRoutes, ...moneyRoutes, ...auditRoutes, ...awarenessRoutes, ...securityRoutes, ...caseRoutes, ...yenteRoutes];
