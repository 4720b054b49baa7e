import { TLP, tlpInfo, type TlpLevel } from '../../domain/tlp.js';
import type { StixObject } from './schema.js';

/** TLP 2.0 as STIX marking definitions: the fixed ids and the OASIS TLP 2.0 extension. */
export function markingToStix(level: TlpLevel): StixObject {
  const t = tlpInfo(level);
  return {
    type: 'marking-definition', spec_version: '2.1', id: t.stixId, created: TLP.stixCreated, name: t.label,
    extensions: { [TLP.stixExtension]: { extension_type: 'property-extension', tlp_2_0: t.level } },
  };
}

/** TLP 1.0 ids the specification fixed (§7.2.1.4); partners still send them. WHITE reads as CLEAR. */
const TLP1: Record<string, TlpLevel> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

/** The TLP level a marking id stands for, or undefined for other markings (statements, copyrights). */
export function tlpOfMarking(id: string): TlpLevel | undefined {
  return TLP.levels.find((l) => l.stixId === id)?.level ?? TLP1[id];
}
