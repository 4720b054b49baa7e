/**
 * Parse options for a data file validated once, as its module loads: zod would otherwise compile a fast path for
 * each object schema on its first parse, which costs more than the one parse it speeds up, at every CLI start.
 */
export const ONCE = { jitless: true } as const;
