import { escapeHtml as esc } from '../domain/text.js';
import { z } from 'zod';
import data from '../domain/data/travel.json' with { type: 'json' };
import { countryName } from '../domain/countries.js';
import { addDays, ukDay } from '../domain/dates.js';
import { ONCE } from '../domain/parse-once.js';

const TravelSchema = z.object({
  version: z.string(),
  source: z.string(),
  advice: z.array(z.object({ id: z.string(), when: z.enum(['before', 'during', 'after']), text: z.string(), origin: z.string(), confidence: z.enum(['H', 'M', 'L']) })),
  highRiskDeviceCountries: z.object({ countries: z.array(z.string().length(2)), text: z.string(), id: z.string(), origin: z.string(), confidence: z.enum(['H', 'M', 'L']) }),
  enhancedTier: z.array(z.object({ country: z.string().length(2), effectiveFrom: z.string(), announced: z.string(), bodies: z.string(), source: z.string() })),
  countryNotes: z.record(z.string(), z.array(z.string())),
  debrief: z.object({
    dueDays: z.number().int().positive(),
    dueSource: z.string(),
    questions: z.array(z.object({ id: z.string(), question: z.string(), indicators: z.array(z.string()), types: z.array(z.string()), source: z.string(), deviceIncident: z.boolean().optional() })),
  }),
  visitRegister: z.object({ text: z.string(), source: z.string() }),
});
export const TRAVEL = TravelSchema.parse(data, ONCE);
export const FUNDER_TYPES = ['self', 'public_funds', 'party', 'uk_organisation', 'foreign_organisation', 'foreign_government'] as const;

export interface Trip {
  id: string;
  destination: string;
  city?: string;
  depart: string;
  return: string;
  funder: { name: string; type: (typeof FUNDER_TYPES)[number] };
  purpose: string;
  devices: string[];
  travellers: string[];
  debrief?: { completedAt: string; answers: { id: string; yes: boolean; details?: string }[]; approaches: string[] };
  /** When a visit someone else paid for was entered on the register of interests. */
  registered?: string;
}


export function enhancedTierFor(country: string, onDate: string) {
  return TRAVEL.enhancedTier.find((t) => t.country === country && t.effectiveFrom <= onDate);
}

export function foreignFunded(t: Trip): boolean {
  return t.funder.type === 'foreign_government' || t.funder.type === 'foreign_organisation';
}

/** The printable pre-trip briefing, as Markdown: advice from the facts, the destination's notes, FIRS and register duties. */
export function briefing(t: Trip): string {
  const country = countryName(t.destination);
  const tier = enhancedTierFor(t.destination, t.depart);
  const lines = [
    `# Travel security briefing: ${t.city ? `${t.city}, ` : ''}${country}`,
    '',
    `**Dates:** ${ukDay(t.depart)} to ${ukDay(t.return)}  `,
    `**Travellers:** ${t.travellers.join(', ') || '—'}  `,
    `**Purpose:** ${t.purpose}  `,
    `**Paid for by:** ${t.funder.name} (${t.funder.type.replace(/_/g, ' ')})  `,
    `**Devices:** ${t.devices.join(', ') || 'none listed'}`,
    '',
  ];
  if (tier) {
    lines.push(
      '## Enhanced tier under the Foreign Influence Registration Scheme',
      '',
      `${country} is specified for the FIRS enhanced tier (in force ${ukDay(tier.effectiveFrom)}, announced ${ukDay(tier.announced)}): ${tier.bodies}.`,
      'Any arrangement to act in the UK at the direction of these bodies must be registered within 28 days, and carrying on unregistered is an offence (up to 5 years). Do not agree to do anything for them; report any such request. Enquiries: FIRS@homeoffice.gov.uk.',
      `Source: ${tier.source}`,
      '',
    );
  }
  const notes = TRAVEL.countryNotes[t.destination] ?? [];
  if (notes.length || TRAVEL.highRiskDeviceCountries.countries.includes(t.destination)) {
    lines.push(`## ${country}: what is known`, '');
    for (const n of notes) lines.push(`- ${n}`);
    if (TRAVEL.highRiskDeviceCountries.countries.includes(t.destination)) lines.push(`- ${TRAVEL.highRiskDeviceCountries.text} (${TRAVEL.highRiskDeviceCountries.id}, ${TRAVEL.highRiskDeviceCountries.origin}; confidence ${TRAVEL.highRiskDeviceCountries.confidence})`);
    lines.push('');
  }
  for (const [when, title] of [['before', 'Before you go'], ['during', 'While you are away'], ['after', 'When you are back']] as const) {
    lines.push(`## ${title}`, '');
    for (const a of TRAVEL.advice.filter((x) => x.when === when)) lines.push(`- ${a.text} (${a.id}, ${a.origin})`);
    if (when === 'before' && t.devices.length) lines.push(`- Devices you listed: ${t.devices.join(', ')}. Take only what you need; keep each with you.`);
    if (when === 'after') lines.push(`- Complete the Bulwark debrief by ${ukDay(addDays(t.return, TRAVEL.debrief.dueDays))} (${TRAVEL.debrief.dueSource}).`);
    lines.push('');
  }
  if (t.funder.type !== 'self' && t.funder.type !== 'public_funds') {
    lines.push('## Register of interests', '', `${TRAVEL.visitRegister.text} (${TRAVEL.visitRegister.source})`, '');
    if (foreignFunded(t)) lines.push(`This trip is paid for by a foreign ${t.funder.type === 'foreign_government' ? 'government' : 'organisation'} (${t.funder.name}): register it by ${ukDay(addDays(t.return, 28))} (RF-D10).`, '');
  }
  lines.push('## If something happens', '', '- Report suspicious approaches to your security team; MPs, peers and parliamentary staff to the Parliamentary Security Department (TellPSD@parliament.uk).', '- In an emergency, call 999; Anti-Terrorist Hotline 0800 789 321.', '');
  return lines.join('\n');
}

/** The briefing as a self-contained printable HTML page (no external fonts or scripts). */
export function briefingHtml(t: Trip): string {
  const body = briefing(t)
    .split('\n')
    .map((l) => (l.startsWith('# ') ? `<h1>${esc(l.slice(2))}</h1>` : l.startsWith('## ') ? `<h2>${esc(l.slice(3))}</h2>` : l.startsWith('- ') ? `<li>${esc(l.slice(2))}</li>` : l.trim() ? `<p>${esc(l).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')}</p>` : ''))
    .join('\n')
    .replace(/(?:<li>.*<\/li>\n?)+/g, (items) => `<ul>\n${items}</ul>\n`);
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Travel security briefing</title><style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;line-height:1.45}h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:1.5rem;border-bottom:1px solid #999}li{margin:.25rem 0}@media print{body{margin:0}}</style></head><body>\n${body}\n</body></html>\n`;
}
