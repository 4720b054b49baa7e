import { api } from './api';

export interface GuidanceSection {
  id: string;
  title: string;
  summary: string;
  points: { text: string; facts: string[] }[];
  section: string;
  refs: string[];
  flags: string[];
}
export interface Guidance {
  version: number;
  source: string;
  sections: GuidanceSection[];
}

let cached: Promise<Guidance> | undefined;
/** The guidance, loaded once per page load: every red flag links to the section that explains it. */
export const loadGuidance = () => (cached ??= api.get<Guidance>('/api/awareness/guidance').catch((e) => {
  cached = undefined;
  throw e;
}));

export function sectionFor(g: Guidance | undefined, flagId: string): string | undefined {
  return g?.sections.find((s) => s.flags.includes(flagId))?.id;
}
