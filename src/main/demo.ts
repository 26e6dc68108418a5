import type { Core } from '../core/app';

/**
 * `npm run demo` (unpackaged only): the first start of an empty profile gets N accounts
 * pointed at the simulator and shown as tiles; scripts/demo.ts plays the phones (scans
 * their QR codes and sends messages), so the tiles fill without a phone.
 */
export async function seedDemoAccounts(core: Core, count: number, log: (msg: string) => void): Promise<void> {
  const existing = await core.call('accounts.list', {});
  if (existing.length > 0) {
    log(`demo: profile already has ${existing.length} account(s); not adding more`);
    return;
  }
  const accountIds: string[] = [];
  for (let i = 1; i <= count; i++) {
    const { accountId } = await core.call('accounts.add', { label: `演示 ${i} · Demo ${i}` });
    accountIds.push(accountId);
  }
  await core.call('layout.set', { mode: 'auto', accountIds: accountIds.slice(0, 9), colSizes: [], rowSizes: [], blur: false, review: false });
  log(`demo: added ${count} simulator account(s)`);
}
