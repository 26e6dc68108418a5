import type { Archive } from '../../src/core/archive/archive';
import type { MessageView } from '../../src/core/archive/queries/messages';
import type { GroundTruth, TruthMessage } from './phone';

/**
 * An archive against a phone's ground truth. Used by the capture tests, the demo's summary
 * and the capture benchmark, so "nothing missing, nothing duplicated" means one thing.
 */

/** Every message of a chat from the archive, oldest first, through the thread query. */
export async function archivedThread(archive: Archive, accountId: string, chatId: string): Promise<MessageView[]> {
  const out: MessageView[] = [];
  let after = -1;
  for (;;) {
    const page = await archive.query('thread', { accountId, chatId, after, limit: 500 });
    out.push(...page.messages);
    const last = page.messages.at(-1);
    if (!page.hasNewer || !last) return out;
    after = last.sortKey;
  }
}

export interface Comparison {
  compared: number;
  missing: string[];
  /** Rows the archive has more than once or that the phone never had. */
  unexpected: string[];
  mismatches: string[];
}

export interface CompareOptions {
  /** Only messages from these chats (default all). */
  chats?: string[];
  /** Edits made at or after this time (ms) were seen live: each must be a revision. */
  liveSince?: number;
  /** Revokes-for-me of messages the archive saw before: expect scope 'me'. */
  expectRevokeMe?: boolean;
  /** Compare media bytes by sha256 (expired media must be marked expired). */
  media?: boolean;
  /** Include group notifications (only captured live). */
  notifications?: boolean;
}

/**
 * The archive against the phone's ground truth, for what a linked device can know:
 * every message (revoked ones as revoked), current text, live edit history, reactions,
 * quotes, forwards, locations, vcards, media bytes.
 */
export async function compareWithTruth(archive: Archive, accountId: string, truth: GroundTruth, opts: CompareOptions = {}): Promise<Comparison> {
  const lidToPn = new Map(truth.contacts.filter((c) => c.lid).map((c) => [c.lid!, c.pn]));
  lidToPn.set(truth.me.lid ?? '', truth.me.pn);
  const person = (id: string | null) => (id ? (lidToPn.get(id) ?? id) : null);
  const result: Comparison = { compared: 0, missing: [], unexpected: [], mismatches: [] };
  for (const chat of truth.chats) {
    if (opts.chats && !opts.chats.includes(chat.id)) continue;
    const rows = await archivedThread(archive, accountId, chat.id);
    const byId = new Map<string, MessageView>();
    for (const r of rows) {
      if (byId.has(r.waId)) result.unexpected.push(`duplicate ${r.waId}`);
      byId.set(r.waId, r);
    }
    const expected = chat.messages.filter((m) => (opts.notifications || !m.isNotification) && !(m.revoked === 'me' && !opts.expectRevokeMe));
    const expectedIds = new Set(expected.map((m) => m.id));
    for (const r of rows) {
      const t = chat.messages.find((m) => m.id === r.waId);
      if (!t) result.unexpected.push(`not on the phone: ${r.waId}`);
      else if (!expectedIds.has(r.waId) && !(t.isNotification || t.revoked === 'me')) result.unexpected.push(`unexpected ${r.waId}`);
    }
    for (const m of expected) {
      const r = byId.get(m.id);
      result.compared++;
      if (!r) {
        result.missing.push(`${chat.id} ${m.id}`);
        continue;
      }
      const diff = (what: string, got: unknown, want: unknown) => {
        if (JSON.stringify(got) !== JSON.stringify(want)) result.mismatches.push(`${m.id} ${what}: archive ${JSON.stringify(got)?.slice(0, 120)} ≠ phone ${JSON.stringify(want)?.slice(0, 120)}`);
      };
      diff('fromMe', r.fromMe, m.fromMe);
      diff('ts', r.ts, m.t * 1000);
      if (!m.fromMe) diff('sender', r.senderId, person(m.senderId));
      if (m.revoked === 'everyone') {
        diff('revoked', r.revoked, 'everyone');
      } else {
        if (m.revoked === 'me') diff('revoked', r.revoked, 'me');
        else diff('revoked', r.revoked, null);
        if (!m.isNotification) diff('text', r.text ?? null, textOf(m));
        diff('type', r.type, m.type);
        diff('quoted', r.quoted?.waId ?? null, m.quotedId);
        diff('forwarded', r.forwarded, m.forwarded);
        diff('vcards', r.vcards, m.vcards);
        if (m.location) diff('location', r.location, { latitude: m.location.lat, longitude: m.location.lng, name: m.location.name, address: m.location.address });
        diff('reactions', reactionsOf(r), m.reactions.map((x) => `${person(x.senderId)} ${x.emoji}`).sort());
        if (opts.liveSince !== undefined) {
          const liveEdits = m.edits.filter((e) => e.atMs >= opts.liveSince!);
          if (liveEdits.length) {
            const detail = await archive.query('messageDetail', { accountId, messageId: m.id });
            const revs = detail?.revisions.map((x) => x.body) ?? [];
            for (const e of liveEdits) if (!revs.includes(e.body)) result.mismatches.push(`${m.id} edit "${e.body}" not kept as a revision`);
          }
        }
        if (m.edits.length) diff('edited', r.edited, true);
        if (opts.media && m.media) {
          if (m.media.expired) diff('media', r.media?.status, 'expired');
          else diff('media', [r.media?.status, r.media?.sha256], ['stored', m.media.sha256]);
        }
      }
    }
  }
  return result;
}

function textOf(m: TruthMessage): string | null {
  if (m.type === 'location') return null;
  return m.text ?? (m.type === 'chat' ? '' : null);
}

function reactionsOf(r: MessageView): string[] {
  return r.reactions.flatMap((x) => x.senders.map((s) => `${s} ${x.emoji}`)).sort();
}
