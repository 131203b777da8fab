// Where the e2e OIDC setup lives and how its portal is tuned (see playwright.config.ts).
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const OIDC_PORTAL = `http://localhost:${PORT + 1}`;
export const OIDC_ISSUER = `http://localhost:${PORT + 100}`;
/** Absolute session lifetime and group re-check interval of the OIDC portal, in seconds. */
export const OIDC_SESSION_SECONDS = 45;
export const OIDC_REFRESH_SECONDS = 3;
