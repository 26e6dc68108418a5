import { describe, expect, it } from 'vitest';
import { chatKindOf, encodeSortKey, parseWaId, sortKeyFloor, sortKeyRange, sortKeyTs } from '../../../src/shared/vocabulary';

describe('sort key', () => {
  it('round-trips the timestamp and orders by second before slot', () => {
    const a = encodeSortKey(1_700_000_000, 1023);
    const b = encodeSortKey(1_700_000_001, 0);
    expect(sortKeyTs(a)).toBe(1_700_000_000);
    expect(a).toBeLessThan(b);
    expect(sortKeyFloor(1_700_000_001)).toBe(b);
  });
  it('range covers every slot of both end seconds', () => {
    const { lo, hi } = sortKeyRange(10, 11);
    expect(lo).toBe(encodeSortKey(10, 0));
    expect(hi).toBe(encodeSortKey(11, 1023));
    expect(sortKeyRange()).toEqual({ lo: 0, hi: Number.MAX_SAFE_INTEGER });
  });
});

describe('wa ids', () => {
  it('tells the chat kind from the id', () => {
    expect(chatKindOf('status@broadcast')).toBe('status');
    expect(chatKindOf('123@broadcast')).toBe('broadcast');
    expect(chatKindOf('1@newsletter')).toBe('channel');
    expect(chatKindOf('1-2@g.us')).toBe('group');
    expect(chatKindOf('8613800000000@c.us')).toBe('direct');
    expect(chatKindOf('99@lid')).toBe('direct');
  });
  it('parses user and server', () => {
    expect(parseWaId('1-2@g.us')).toEqual({ user: '1-2', server: 'g.us' });
    expect(parseWaId('nope')).toBeNull();
  });
});

describe('person ids', () => {
  it('turns numbers into ids and back, and spells multi-device ids as the archive does', async () => {
    const v = await import('../../../src/shared/vocabulary');
    expect(v.phoneUserId('8613800000000')).toBe('8613800000000@c.us');
    expect(v.phoneOfUserId('8613800000000@c.us')).toBe('8613800000000');
    expect(v.phoneOfUserId('99@lid')).toBeNull();
    expect(v.canonicalUserId('34600000001@s.whatsapp.net')).toBe('34600000001@c.us');
    expect(v.canonicalUserId('1-2@g.us')).toBe('1-2@g.us');
    expect(['1@c.us', '2@lid', '3@g.us', 'status@broadcast'].filter(v.isPersonId)).toEqual(['1@c.us', '2@lid']);
  });
});

describe('id user part', () => {
  it('is what comes before the @, or the whole id without one', async () => {
    const { idUser } = await import('../../../src/shared/vocabulary');
    expect(['8613800000000@c.us', '1234@lid', '1-2@g.us', 'status@broadcast', 'plain', ''].map(idUser))
      .toEqual(['8613800000000', '1234', '1-2', 'status', 'plain', '']);
  });
});

describe('message types', () => {
  it('one table says what is an event, what notifies and what is translated', async () => {
    const v = await import('../../../src/shared/vocabulary');
    const types = ['chat', 'image', 'gp2', 'e2e_notification', 'protocol', 'broadcast_notification', 'revoked', 'call_log', 'ciphertext', 'location', 'sticker'];
    expect(types.filter(v.isSystemType)).toEqual(['gp2', 'e2e_notification', 'protocol', 'broadcast_notification']);
    expect(types.filter(v.isNotifiableType)).toEqual(['chat', 'image', 'location', 'sticker']);
    expect(types.filter(v.isTranslatableType)).toEqual(['chat', 'image']);
    expect(v.sqlTypeList(['a', "b'c"])).toBe("('a', 'b''c')");
  });

  it('says which types preview as a word of their own and which keep an empty body as text', async () => {
    const v = await import('../../../src/shared/vocabulary');
    const types = ['chat', 'image', 'ptt', 'vcard', 'call_log', 'gp2', 'revoked', 'unknown_new_type'];
    expect(types.filter(v.isLabelledType)).toEqual(['image', 'ptt', 'vcard', 'call_log']);
    expect(types.filter(v.isTextualType)).toEqual(['chat', 'vcard', 'gp2']);
  });
});
