/** Who is acting, and for which office. Every service call takes one. */
export const ROLES = ['member', 'staff', 'security_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: string;
  officeId: string;
  role: Role;
}

/** The operator at the command line acts as an administrator of their configured office. */
export function cliActor(config: { actor: { userId: string; officeId: string } }): Actor {
  return { userId: config.actor.userId, officeId: config.actor.officeId, role: 'admin' };
}
