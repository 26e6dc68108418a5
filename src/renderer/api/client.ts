import { useEffect, useRef } from 'react';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload } from '../../shared/contract';
import type { AppErrorCode, AppErrorData } from '../../shared/errors';

/** A failed call, with the code the renderer translates (`errors.<code>`). */
export class CallError extends Error {
  readonly code: AppErrorCode;
  readonly issues: string[];
  constructor(data: AppErrorData) {
    super(data.message);
    this.name = 'CallError';
    this.code = data.code;
    this.issues = data.issues ?? [];
  }
}

/** The typed client derived from the contract: resolves with the output or throws CallError. */
export async function call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await window.switchboard.invoke(channel, input);
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return window.switchboard.on(event, listener);
}

export function mediaUrl(sha256: string): string {
  return window.switchboard.mediaUrl(sha256);
}

/** Subscribes for the component's lifetime; the latest listener is always the one called. */
export function useEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): void {
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => subscribe(event, (p) => ref.current(p)), [event]);
}
