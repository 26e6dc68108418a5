/**
 * An in-process, page-level Chrome DevTools Protocol channel to one page: Electron's
 * `webContents.debugger` in the app (src/main/views/electron-debugger.ts), a page-level
 * CDPSession of a Chromium we launched in tests and the CLI (cdp-session-debugger.ts).
 * Nothing here opens a port; DebuggerTransport turns one or more of these into the
 * browser-level connection puppeteer expects.
 */
export interface PageDebugger {
  /**
   * Sends a command to the page itself, or, with `sessionId`, to a session the page
   * auto-attached (an out-of-process frame, a worker). Rejects with the protocol's message.
   */
  send(method: string, params?: object, sessionId?: string): Promise<unknown>;
  /** Every protocol event: `sessionId` is undefined for the page itself. Returns the unsubscribe. */
  onEvent(listener: (method: string, params: unknown, sessionId: string | undefined) => void): () => void;
  /**
   * The channel was cut by something other than detach(): the page closed, or another
   * DevTools client took it over. Fires at most once. Returns the unsubscribe.
   */
  onDetach(listener: (reason: string) => void): () => void;
  /** Stops using the page (our side only): the page, its state and its login stay. */
  detach(): void;
}
