import { createContext, useContext } from 'react';
import type { User } from './api';

export interface Session {
  user: User;
  /** The office the user is acting in: their own, or one they are assigned to. */
  office: string;
  setOffice: (id: string) => void;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionCtx = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionCtx);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}

/** The office query for API calls: empty when acting in one's own office. */
export function useOfficeQuery(): string | undefined {
  const s = useSession();
  return s.office !== s.user.officeId ? s.office : undefined;
}

export const isSecurity = (u: User) => u.role === 'security_officer' || u.role === 'admin';
