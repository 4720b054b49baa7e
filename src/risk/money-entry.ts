import { normaliseName } from '../screening/normalize.js';

export const MONEY_KINDS = ['donation', 'loan', 'gift', 'hospitality', 'visit'] as const;
export type MoneyKind = (typeof MONEY_KINDS)[number];
export const PAYMENT_METHODS = ['bank_transfer', 'cheque', 'card', 'cash', 'crypto', 'in_kind'] as const;

export interface Donor {
  name: string;
  type: string;
  address?: string;
  postcode?: string;
  companyNumber?: string;
  /** ISO country code of the donor's residence or incorporation. */
  country?: string;
  incorporatedOn?: string;
  annualRevenue?: number;
  foreignParent?: boolean;
  majorityForeignOwned?: boolean;
  owners?: string[];
  directors?: string[];
  /** People who ultimately own or control the donor (persons with significant control). */
  beneficialOwners?: string[];
  /** Answers to the evidence questions of the donor type (true, false, or absent when not known yet). */
  evidence?: Record<string, boolean>;
  agent?: { name: string; principalNamed: boolean };
}

export interface MoneyEntry {
  id: string;
  kind: MoneyKind;
  recipient: string;
  donor: Donor;
  /** Value in pounds (for goods, services and hospitality: their value). */
  value: number;
  original?: { amount: number; currency: string; gbpRate: number; rateDate: string };
  received: string;
  accepted?: string;
  returned?: string;
  /** When it was entered on the register of interests. */
  registered?: string;
  /** When it was reported to the Electoral Commission. */
  reported?: string;
  paymentMethod: string;
  description: string;
  /** Given to the person privately, not for their political activities: then a gift is not a donation. */
  personal?: boolean;
  fundsStaff?: boolean;
  fundedByForeignGovernment?: boolean;
  sourceDeclarationGiven?: boolean;
}

/** A watchlist result for the donor or one of its owners, directors or beneficial owners. */
export interface ScreeningFinding {
  name: string;
  level: 'match' | 'possible';
  summary: string;
  /** Dataset and record of the best hit (absent on entries stored before they were kept). */
  dataset?: string;
  entityId?: string;
  caption?: string;
  /** Every list on which the name matches, when more than the best hit's. */
  datasets?: string[];
}

// Checking an office re-reads every entry against every other: the key is worked out once per donor object.
const keys = new WeakMap<Donor, string>();

/** One donor across entries: normalised name words, or the company number when there is one. */
export function donorKey(d: Donor): string {
  let k = keys.get(d);
  if (k === undefined) {
    k = d.companyNumber ? `company:${d.companyNumber.replace(/\s+/g, '').toUpperCase()}` : `name:${normaliseName(d.name).tokens.map((t) => t.simp).sort().join(' ')}`;
    keys.set(d, k);
  }
  return k;
}

export const gbp = (n: number) => `£${n.toLocaleString('en-GB', { minimumFractionDigits: n % 1 ? 2 : 0, maximumFractionDigits: 2 })}`;
