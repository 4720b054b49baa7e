import type { Party } from '../../domain/exchange.js';
import { attributesOf, valuesOf, type MispAttribute, type MispObject } from './common.js';

/** misp-objects "person" template (objects/person/definition.json): uuid and version this converter follows. */
export const PERSON_TEMPLATE = { uuid: 'a15b0477-e9d1-4b9c-9546-abe78a4f4248', version: '21' };

export function personToMisp(p: Party): MispObject {
  const a = attributesOf(p.key);
  return {
    uuid: p.key, name: 'person', 'meta-category': 'misc', template_uuid: PERSON_TEMPLATE.uuid, template_version: PERSON_TEMPLATE.version, comment: '',
    Attribute: [
      ...a('full-name', 'full-name', [p.name]), ...a('alias', 'text', p.aliases), ...a('e-mail', 'email-src', p.emails), ...a('phone-number', 'phone-number', p.phones),
      ...a('date-of-birth', 'date-of-birth', [p.dob]), ...a('nationality', 'nationality', [p.country]), ...a('address', 'text', [p.address]),
    ],
    ObjectReference: [],
  };
}

export function personFromMisp(o: MispObject): Omit<Party, 'profiles'> {
  const v = (rel: string) => valuesOf(o as { Attribute: MispAttribute[] }, rel);
  return { key: o.uuid, kind: 'person', name: v('full-name')[0] ?? [v('first-name')[0], v('last-name')[0]].filter(Boolean).join(' '), aliases: v('alias'), emails: v('e-mail'), phones: v('phone-number'), dob: v('date-of-birth')[0], country: v('nationality')[0], address: v('address')[0] };
}
