import { z } from 'zod';
import { CustomerStage } from './crm-views';
import { isValidTimeZone } from './time-zone';

/**
 * THE table of a customer's fields. Everything that names a field derives from it: the IPC
 * input and CustomerService's validation (`input`), the archive operation (`stored`), the
 * SQLite and PostgreSQL appliers and readers (`column`, `atColumn`, `freeText`), bundles, and
 * the customer panel's form (`form`). A new field is a migration (both engines), one row here
 * and its label and placeholder in the two locale files.
 *
 * Two schemas per field because they guard different things: `input` is what a user may set
 * (trimmed, normalised, a time zone this machine knows); `stored` is what a replicated
 * operation may carry, checked without machine-dependent rules so that an edit made on one
 * PC is never refused on another (a newer ICU knows zones an older one does not).
 */

const freeText = (max: number) => z.string().trim().min(1).max(max);
const langTag = /^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/;
const personId = z.string().min(1).max(512);

interface CustomerFieldDescriptor {
  column: string;
  /** The column holding the time of the value's last write (latest wins per field). */
  atColumn: string;
  /** Free text stored through the text codec (may hold any character); other fields are plain codes. */
  freeText: boolean;
  /** Null clears it; a field that cannot be cleared (stage) only moves. */
  clearable: boolean;
  /** Has its own history table that carries it in bundles (stage events). */
  history: boolean;
  /** A text box in the customer panel's details form; others have their own controls. */
  form: boolean;
  input: z.ZodType;
  stored: z.ZodType;
}

export const CUSTOMER_FIELDS = {
  name: { column: 'name', atColumn: 'name_at', freeText: true, clearable: true, history: false, form: true,
    input: freeText(256), stored: z.string().max(256) },
  company: { column: 'company', atColumn: 'company_at', freeText: true, clearable: true, history: false, form: true,
    input: freeText(256), stored: z.string().max(256) },
  country: { column: 'country', atColumn: 'country_at', freeText: false, clearable: true, history: false, form: true,
    input: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'Use a two-letter country code, e.g. ES'),
    stored: z.string().regex(/^[A-Z]{2}$/) },
  timeZone: { column: 'time_zone', atColumn: 'time_zone_at', freeText: false, clearable: true, history: false, form: true,
    input: z.string().trim().refine(isValidTimeZone, 'Use an IANA time zone, e.g. Europe/Madrid'),
    stored: z.string().regex(/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/) },
  language: { column: 'language', atColumn: 'language_at', freeText: false, clearable: true, history: false, form: true,
    input: z.string().trim().regex(langTag, 'Use a language code, e.g. es or pt-BR'), stored: z.string().regex(langTag).max(35) },
  ownerId: { column: 'owner_id', atColumn: 'owner_at', freeText: false, clearable: true, history: false, form: false,
    input: personId, stored: personId },
  stage: { column: 'stage', atColumn: 'stage_at', freeText: false, clearable: false, history: true, form: false,
    input: CustomerStage, stored: CustomerStage },
} as const satisfies Record<string, CustomerFieldDescriptor>;

type Fields = typeof CUSTOMER_FIELDS;
export type CustomerFieldKey = keyof Fields;
export const CUSTOMER_FIELD_KEYS = Object.keys(CUSTOMER_FIELDS) as CustomerFieldKey[];

/** Fields edited as text boxes in the customer panel, in the panel's order. */
export const FORM_FIELD_KEYS = CUSTOMER_FIELD_KEYS.filter((k) => CUSTOMER_FIELDS[k].form) as Array<
  { [K in CustomerFieldKey]: Fields[K]['form'] extends true ? K : never }[CustomerFieldKey]>;

/** A customer's fields as read: every field, null when never set or cleared. */
export type CustomerFields = { -readonly [K in CustomerFieldKey]: z.output<Fields[K]['stored']> | null };

export const EMPTY_CUSTOMER_FIELDS = Object.fromEntries(CUSTOMER_FIELD_KEYS.map((k) => [k, null])) as CustomerFields;

type Patch<S extends 'input' | 'stored'> = {
  [K in CustomerFieldKey]: Fields[K]['clearable'] extends true
    ? z.ZodOptional<z.ZodNullable<Fields[K][S]>>
    : z.ZodOptional<Fields[K][S]>;
};

function patchShape<S extends 'input' | 'stored'>(which: S): Patch<S> {
  return Object.fromEntries(CUSTOMER_FIELD_KEYS.map((k) => {
    const f = CUSTOMER_FIELDS[k];
    return [k, f.clearable ? f[which].nullable().optional() : f[which].optional()];
  })) as Patch<S>;
}

/** What a caller may change: omitted fields stay, null clears. */
export const CustomerPatch = z.strictObject(patchShape('input'));
export type CustomerPatch = z.output<typeof CustomerPatch>;

/** The field members of the `customer` archive operation. */
export const customerOpFields = (): Patch<'stored'> => patchShape('stored');
