/** Errors of the customer and handover services; `code` is stable so the UI and CLI can map it. */
export type CrmErrorCode = 'NOT_FOUND' | 'INVALID_INPUT' | 'CONFLICT';

export class CrmError extends Error {
  constructor(
    readonly code: CrmErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CrmError';
  }
}
