/** Who is acting, and for which office. Every service call takes one. */
export const ROLES = ['member', 'staff', 'security_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: string;
  /** The office this call acts in: reads are limited to it and writes go to it. */
  officeId: string;
  role: Role;
  /** Every office the actor may act in (their own and those assigned to them); absent means only `officeId`. */
  offices?: string[];
}

/** The offices an actor may see. */
export const actorOffices = (a: Actor): string[] => a.offices ?? [a.officeId];

/** The operator at the command line before accounts exist acts as an administrator of their configured office. */
export function cliActor(config: { actor: { userId: string; officeId: string } }): Actor {
  return { userId: config.actor.userId, officeId: config.actor.officeId, role: 'admin' };
}
