import { z } from 'zod';
import { actorOffices } from '../../domain/actor.js';
import { BulwarkError } from '../../errors.js';
import { OFFICE_KINDS } from '../../risk/routing.js';
import { NewUserInput, UserUpdateInput } from '../../services/accounts.js';
import { IdParam, Page, Paging, page, route } from '../route.js';
import { UserView } from './auth.js';

const OfficeView = z.object({ id: z.string(), name: z.string(), kind: z.string(), createdAt: z.string() });
const OfficeInput = z.object({ name: z.string().trim().min(1).max(200), kind: z.enum(OFFICE_KINDS as [string, ...string[]]) });

/** Accounts and offices: administrators manage them; everyone reads the offices they belong to. */
export const adminRoutes = [
  route({
    method: 'GET', url: '/api/users', action: 'users.manage', summary: 'Every account (never password hashes)',
    query: Paging, response: Page(UserView),
    async handler({ services, query }) {
      return page(await services.accounts.listUsers(), query);
    },
  }),
  route({
    method: 'POST', url: '/api/users', action: 'users.manage', summary: 'Create an account; without a password one is generated and shown once',
    body: NewUserInput, status: 201,
    response: z.object({ user: UserView, password: z.string().optional() }),
    example: { body: { username: 'new-researcher', role: 'staff', officeId: 'office-a' } },
    async handler({ services, actor, request }) {
      return services.accounts.createUser(actor, request.body);
    },
  }),
  route({
    method: 'PATCH', url: '/api/users/:id', action: 'users.manage', summary: 'Change an account\'s role, offices, name, or disable it (ends its sessions)',
    params: IdParam, body: UserUpdateInput, response: UserView,
    example: { params: { id: 'new-researcher' }, body: { displayName: 'New researcher' } },
    async handler({ services, actor, params, request }) {
      return services.accounts.updateUser(actor, params.id, request.body);
    },
  }),
  route({
    method: 'POST', url: '/api/users/:id/password', action: 'users.manage', summary: 'Reset an account\'s password: a generated one, shown once, to be changed at next sign-in',
    params: IdParam, response: z.object({ user: UserView, password: z.string() }),
    example: { params: { id: 'new-researcher' } },
    async handler({ services, actor, params }) {
      return services.accounts.resetPassword(actor, params.id);
    },
  }),
  route({
    method: 'GET', url: '/api/offices', action: 'offices.read', summary: 'The offices the caller may see',
    response: z.object({ items: z.array(OfficeView) }),
    async handler({ services, actor }) {
      const mine = new Set(actorOffices(actor));
      const known = await services.store.listOffices();
      const items = [...mine].map((id) => known.find((o) => o.id === id) ?? { id, name: id, kind: 'other', createdAt: '' });
      return { items };
    },
  }),
  route({
    method: 'GET', url: '/api/offices/:id', action: 'offices.read', summary: 'One office (decides whom reports go to)',
    params: IdParam, response: OfficeView,
    example: { params: { id: 'office-a' } },
    async handler({ services, actor, params }) {
      if (!actorOffices(actor).includes(params.id)) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no office "${params.id}"`);
      return services.approaches.office({ ...actor, officeId: params.id });
    },
  }),
  route({
    method: 'PUT', url: '/api/offices/:id', action: 'offices.write', summary: 'Create or change an office (its kind decides routing)',
    params: z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'office ids are lower-case letters, digits and hyphens') }),
    body: OfficeInput, response: OfficeView,
    example: { params: { id: 'office-a' }, body: { name: 'Office of the Member for Anytown', kind: 'commons' } },
    async handler({ services, actor, params, body }) {
      return services.approaches.setOffice({ ...actor, officeId: params.id }, body);
    },
  }),
];
