import { ROLES, type Role } from './actor.js';

/**
 * Who may do what: one row per action. `roles` are the roles allowed; `office` marks actions on an
 * office's own records (the target office must be one the caller may see, else it reads as not
 * found); `token` is the API-token scope that allows it (absent: a signed-in session only).
 */
export interface PolicyRow {
  roles: readonly Role[] | 'public';
  office: boolean;
  token?: 'read' | 'screen' | 'write' | 'calendar';
  what: string;
}

const ALL = ROLES;
const STAFF_UP: Role[] = ['staff', 'security_officer', 'admin'];
const OFFICE_PEOPLE: Role[] = ['member', 'staff', 'security_officer', 'admin'];
const SECURITY: Role[] = ['security_officer', 'admin'];
const ADMIN: Role[] = ['admin'];

export const POLICIES = {
  'health.read': { roles: 'public', office: false, what: 'liveness and readiness' },
  'docs.read': { roles: 'public', office: false, what: 'the API description' },
  'web.read': { roles: 'public', office: false, what: 'the web UI\'s own files (the data behind it needs a session)' },
  'auth.login': { roles: 'public', office: false, what: 'sign in' },
  'auth.self': { roles: ALL, office: false, what: 'one\'s own session: who am I, sign out, change password' },
  'tokens.self': { roles: ALL, office: false, what: 'one\'s own API tokens' },
  'vocabulary.read': { roles: ALL, office: false, token: 'read', what: 'the choices forms offer' },
  'lists.read': { roles: ALL, office: false, token: 'read', what: 'loaded lists and their versions' },
  'lists.write': { roles: ADMIN, office: false, what: 'import or update a list' },
  'entities.read': { roles: ALL, office: false, token: 'read', what: 'listed entities and their links' },
  'screening.run': { roles: ALL, office: true, token: 'screen', what: 'screen a name (with the office\'s decisions)' },
  'screening.batch': { roles: STAFF_UP, office: true, token: 'screen', what: 'screen a CSV of names' },
  'screening.decide': { roles: STAFF_UP, office: true, token: 'write', what: 'record a decision on a hit' },
  'offices.read': { roles: ALL, office: true, token: 'read', what: 'an office\'s details' },
  'offices.write': { roles: ADMIN, office: false, what: 'create or change offices' },
  'contacts.read': { roles: OFFICE_PEOPLE, office: true, token: 'read', what: 'an office\'s contacts, timelines and scores' },
  'approaches.create': { roles: ALL, office: true, token: 'write', what: 'report an approach' },
  'approaches.assess': { roles: ALL, office: true, what: 'score a draft report without storing it' },
  'alerts.read': { roles: OFFICE_PEOPLE, office: true, token: 'read', what: 'an office\'s alerts' },
  'correlations.read': { roles: SECURITY, office: false, what: 'the same contact across the offices one protects' },
  'clusters.read': { roles: SECURITY, office: false, what: 'the same actor resolved across the offices one protects, with the evidence' },
  'clusters.decide': { roles: SECURITY, office: false, what: 'confirm or split a cluster, or revert such a decision (audited)' },
  'security-alerts.read': { roles: SECURITY, office: false, what: 'cross-office alerts for the offices one protects' },
  'notices.read': { roles: OFFICE_PEOPLE, office: true, token: 'read', what: 'notices that an office\'s report is part of something larger (no other office named)' },
  'groups.read': { roles: OFFICE_PEOPLE, office: true, token: 'read', what: 'the sharing groups an office belongs to and what was shared in them' },
  'groups.manage': { roles: SECURITY, office: false, what: 'create sharing groups' },
  'groups.share': { roles: STAFF_UP, office: true, token: 'write', what: 'share an approach, case or cluster summary with a group' },
  'cases.read': { roles: SECURITY, office: false, what: 'cases, their timelines and printable reports' },
  'cases.write': { roles: SECURITY, office: false, what: 'open and work cases' },
  'graph.read': { roles: SECURITY, office: false, what: 'neighbourhoods and explained paths in the graph' },
  'register.import': { roles: STAFF_UP, office: true, what: 'import a company register (companies, officers, owners)' },
  'exchange.export': { roles: SECURITY, office: false, what: 'export a case or selection as STIX 2.1, MISP or CSV, as its TLP allows' },
  'exchange.import': { roles: SECURITY, office: false, what: 'import a partner\'s STIX bundle or MISP event' },
  'indicators.read': { roles: ALL, office: false, token: 'read', what: 'the indicator catalogue' },
  'indicators.write': { roles: ADMIN, office: false, what: 'publish a new catalogue version' },
  'money.read': { roles: OFFICE_PEOPLE, office: true, token: 'read', what: 'donations, gifts, hospitality and visits' },
  'money.write': { roles: ['member', 'staff', 'admin'], office: true, token: 'write', what: 'record or update donations and gifts' },
  'money.check': { roles: ALL, office: true, what: 'check a donation without storing it' },
  'trips.read': { roles: OFFICE_PEOPLE, office: true, token: 'read', what: 'trips and briefings' },
  'trips.write': { roles: ['member', 'staff', 'admin'], office: true, token: 'write', what: 'record trips and debriefs' },
  'deadlines.calendar': { roles: OFFICE_PEOPLE, office: true, token: 'calendar', what: 'an office\'s open deadlines as a calendar feed, by its secret address' },
  'deadlines.read': { roles: OFFICE_PEOPLE, office: true, token: 'read', what: 'an office\'s open deadlines' },
  'register.export': { roles: ['member', 'staff', 'admin'], office: true, token: 'read', what: 'the register export' },
  'audit.read': { roles: SECURITY, office: true, what: 'the audit trail of an office, and its verification' },
  'awareness.read': { roles: ALL, office: false, token: 'read', what: 'the guidance and the scenario drills' },
  'awareness.drill': { roles: ALL, office: false, what: 'complete a drill (recorded for oneself)' },
  'awareness.office': { roles: SECURITY, office: true, what: 'drill completion across an office' },
  'users.manage': { roles: ADMIN, office: false, what: 'accounts, roles and password resets' },
} as const satisfies Record<string, PolicyRow>;

export type Action = keyof typeof POLICIES;

/** Whether a role may take an action at all (the office boundary is checked separately). */
export function roleMay(role: Role, action: Action): boolean {
  const row: PolicyRow = POLICIES[action];
  return row.roles === 'public' || row.roles.includes(role);
}

/** Why an API token with these scopes may not take an action, or null when it may. */
export function tokenRefusal(scopes: string[], action: Action): string | null {
  const row: PolicyRow = POLICIES[action];
  if (!row.token) return 'this needs a signed-in session, not an API token';
  return scopes.includes(row.token) ? null : `this token lacks the "${row.token}" scope`;
}
