/**
 * The whatsapp-web.js release this simulator implements the module surface of. The page
 * freezes today's WhatsApp Web module names; when whatsapp-web.js is bumped, the
 * simulator must be re-checked against the new library (version.test.ts fails until then).
 */
export const SIM_WWEBJS_VERSION = '1.34.7';

/** window.Debug.VERSION the simulated page reports (whatsapp-web.js 1.34.7's default webVersion). */
export const SIM_WA_WEB_VERSION = '2.3000.1017054665';
