import { describe, expect, it } from 'vitest';
import { accountOfPartition, InvalidAccountIdError, partitionFor } from '../../../src/main/policy/partition';

describe('partitionFor', () => {
  it('makes persist:wa-<id>', () => {
    expect(partitionFor('a1b2-c3')).toBe('persist:wa-a1b2-c3');
    expect(partitionFor('0f3c9e1e-8a7b-4c1d-9e2f-3a4b5c6d7e8f')).toBe('persist:wa-0f3c9e1e-8a7b-4c1d-9e2f-3a4b5c6d7e8f');
  });

  it.each([
    ['', 'empty'],
    ['Abc', 'upper case (Electron lower-cases partition directories: two ids would share storage)'],
    ['../x', 'path'],
    ['a b', 'space'],
    ['-a', 'leading dash'],
    ['a'.repeat(65), 'too long'],
    ['wa:x', 'colon'],
  ])('rejects %j (%s)', (id) => {
    expect(() => partitionFor(id)).toThrow(InvalidAccountIdError);
  });

  it('rejects non-strings', () => {
    expect(() => partitionFor(42 as unknown as string)).toThrow(/Invalid account id 42/);
  });

  it('maps a partition back to its account, and nothing else', () => {
    expect(accountOfPartition(partitionFor('abc'))).toBe('abc');
    expect(accountOfPartition('persist:app')).toBeNull();
    expect(accountOfPartition('persist:wa-ABC')).toBeNull();
    expect(accountOfPartition('wa-abc')).toBeNull();
  });
});
