import { CrmError } from '../../crm/errors';
import { ExchangeError } from '../../exchange/errors';
import { AppError } from '../app-error';

/** The services' errors, as the renderer knows them (errors.<code>). */
export function toAppError(err: unknown): unknown {
  if (err instanceof CrmError || err instanceof ExchangeError) return new AppError(err.code, err.message);
  return err;
}

/** Wraps every handler so service errors cross the wire with their code. */
export function mapped<H extends Record<string, (args: never) => unknown>>(handlers: H): H {
  return Object.fromEntries(Object.entries(handlers).map(([name, fn]) => [name, async (args: never) => {
    try {
      return await fn(args);
    } catch (err) {
      throw toAppError(err);
    }
  }])) as H;
}
