import type { ResolutionConfig } from './config.js';

/** The normal forms two offices' records are compared in: each returns undefined when nothing usable is left. */

export function normEmail(raw: string, cfg: ResolutionConfig): string | undefined {
  const m = raw.trim().toLowerCase().match(/^([^@\s]+)@([^@\s]+\.[a-z0-9-]+)$/);
  if (!m) return undefined;
  let [, local, domain] = m;
  if (cfg.dotInsensitiveEmailDomains.includes(domain)) {
    local = local.replace(/\+.*$/, '').replace(/\./g, '');
    domain = cfg.dotInsensitiveEmailDomains[0];
  }
  return `${local}@${domain}`;
}

/** E.164: +<country><number>. A national number (leading 0) is read in the configured country. */
export function normPhone(raw: string, cfg: ResolutionConfig): string | undefined {
  // "+44 (0)20…" writes a national 0 that E.164 drops.
  let s = raw.trim().replace(/\(0\)/, '').replace(/[\s().-]/g, '');
  if (s.startsWith('00')) s = `+${s.slice(2)}`;
  else if (/^0\d/.test(s)) s = `+${cfg.defaultCallingCode}${s.slice(1)}`;
  return /^\+[1-9]\d{6,14}$/.test(s) ? s : undefined;
}

export function normProfile(raw: string, cfg: ResolutionConfig): string | undefined {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(raw.trim()) ? raw.trim() : `https://${raw.trim()}`);
  } catch {
    return undefined;
  }
  let host = url.hostname.toLowerCase().replace(/^www\./, '');
  host = cfg.profileHostAliases[host] ?? host;
  const path = decodeURIComponent(url.pathname).toLowerCase().replace(/\/+$/, '');
  return path ? `${host}${path}` : undefined;
}

/** Companies House numbers are eight characters: numeric ones are zero-padded ("9999991" = "09999991"). */
export function normCompanyNumber(raw: string): string | undefined {
  const s = raw.trim().toUpperCase().replace(/\s+/g, '');
  if (!/^[A-Z0-9]{1,8}$/.test(s)) return undefined;
  return /^\d+$/.test(s) ? s.padStart(8, '0') : s;
}

/** A UK address reduced to postcode and building number, or the folded text when it has no postcode. */
export function normAddress(raw: string): string | undefined {
  const up = raw.toUpperCase();
  const pc = up.match(/\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/);
  const num = up.match(/\b(\d+[A-Z]?)\b/);
  if (pc) return `${pc[1]} ${pc[2]}${num && !pc[0].includes(num[1]) ? `|${num[1]}` : ''}`;
  const folded = up.normalize('NFKD').replace(/[^A-Z0-9]+/g, ' ').trim();
  return folded.length >= 8 ? folded : undefined;
}

/** Dates of birth as given (year, year-month or full date); compatible when one is a prefix of the other. */
export function dobCompatible(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}
