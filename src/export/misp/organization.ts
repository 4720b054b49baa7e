import type { Party } from '../../domain/exchange.js';
import { attributesOf, valuesOf, type MispAttribute, type MispObject } from './common.js';

/** misp-objects "organization" template (objects/organization/definition.json). */
export const ORGANIZATION_TEMPLATE = { uuid: 'f750e12b-127a-432c-b022-b3f9153c4e2a', version: '9' };

export function organizationToMisp(p: Party): MispObject {
  const a = attributesOf(p.key);
  return {
    uuid: p.key, name: 'organization', 'meta-category': 'misc', template_uuid: ORGANIZATION_TEMPLATE.uuid, template_version: ORGANIZATION_TEMPLATE.version, comment: '',
    Attribute: [
      ...a('name', 'text', [p.name]), ...a('alias', 'text', p.aliases), ...a('e-mail', 'email-src', p.emails), ...a('phone-number', 'phone-number', p.phones),
      ...a('registration-number', 'text', [p.companyNumber]), ...a('address', 'text', [p.address]),
    ],
    ObjectReference: [],
  };
}

export function organizationFromMisp(o: MispObject): Omit<Party, 'profiles'> {
  const v = (rel: string) => valuesOf(o as { Attribute: MispAttribute[] }, rel);
  return { key: o.uuid, kind: 'organisation', name: v('name')[0] ?? v('alias')[0] ?? '', aliases: v('alias'), emails: v('e-mail'), phones: v('phone-number'), companyNumber: v('registration-number')[0], address: v('address')[0] };
}
