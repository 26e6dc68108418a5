import { type PointerEvent as ReactPointerEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/account-views';
import { gridFor, type Layout, MAX_TILES, TILE_MODES } from '../../../shared/layout';
import { useStore } from '../../lib/store';
import { accountsStore } from '../../state/accounts';
import { useHost } from '../../state/host';
import { setTileMode } from '../../state/navigation';
import { changeLayout, layoutStore } from '../../state/settings';
import { ui, uiStore } from '../../state/ui';
import { Icon } from '../ui/icons';
import { Popover } from '../ui/Popover';
import { Tile } from './Tile';
import { TranslatorPanel } from './TranslatorPanel';
import { useSlotReporter } from './useSlotReporter';

const MIN_FRACTION = 0.15;

function normalized(sizes: number[], n: number): number[] {
  if (sizes.length !== n) return Array.from({ length: n }, () => 1 / n);
  const sum = sizes.reduce((a, b) => a + b, 0);
  return sizes.map((s) => s / sum);
}

/** Moves the boundary after track `i` to `at` (0…1 of the whole), keeping both tracks ≥ MIN_FRACTION. */
function moveBoundary(sizes: number[], i: number, at: number): number[] {
  const start = sizes.slice(0, i).reduce((a, b) => a + b, 0);
  const pair = sizes[i]! + sizes[i + 1]!;
  const first = Math.min(Math.max(at - start, MIN_FRACTION), pair - MIN_FRACTION);
  const next = [...sizes];
  next[i] = first;
  next[i + 1] = pair - first;
  return next;
}

export function LiveArea() {
  const { t } = useTranslation();
  const layout = useStore(layoutStore, (s) => s);
  const accounts = useStore(accountsStore, (s) => s.list);
  const activeId = useStore(uiStore, (s) => s.activeAccountId);
  const overlay = useStore(uiStore, (s) => ui.overlayOpen(s));
  const chooserOpen = useStore(uiStore, (s) => s.chooserOpen);
  const translatorOpen = useStore(uiStore, (s) => s.translatorOpen);
  const gridRef = useRef<HTMLDivElement>(null);
  const host = useHost();
  const desktop = host?.host === 'desktop';
  const canTranslate = host?.channels.includes('translate.compose') ?? false;
  const [dragSizes, setDragSizes] = useState<{ cols: number[]; rows: number[] } | null>(null);

  const byId = useMemo(() => new Map(accounts.map((a) => [a.id, a])), [accounts]);
  const shown: AccountView[] = useMemo(() => {
    if (layout.mode === 'single') {
      const a = (activeId ? byId.get(activeId) : undefined) ?? accounts[0];
      return a ? [a] : [];
    }
    return layout.accountIds.map((id) => byId.get(id)).filter((a): a is AccountView => !!a);
  }, [layout.mode, layout.accountIds, activeId, byId, accounts]);

  const { rows, cols } = gridFor(layout.mode, shown.length);
  const cells = rows * cols;
  const tiles = shown.slice(0, cells);
  const colSizes = dragSizes?.cols ?? normalized(layout.colSizes, cols);
  const rowSizes = dragSizes?.rows ?? normalized(layout.rowSizes, rows);
  const layoutKey = `${layout.mode}|${tiles.map((a) => a.id).join(',')}|${rows}x${cols}|${translatorOpen}`;
  useSlotReporter(gridRef, !overlay, layoutKey);

  const startDrag = (axis: 'col' | 'row', i: number) => (e: ReactPointerEvent<HTMLDivElement>) => {
    const grid = gridRef.current;
    if (!grid) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const rect = grid.getBoundingClientRect();
    let sizes = { cols: colSizes, rows: rowSizes };
    const onMove = (ev: PointerEvent) => {
      sizes = axis === 'col'
        ? { ...sizes, cols: moveBoundary(sizes.cols, i, (ev.clientX - rect.left) / rect.width) }
        : { ...sizes, rows: moveBoundary(sizes.rows, i, (ev.clientY - rect.top) / rect.height) };
      setDragSizes(sizes);
    };
    const onUp = () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      setDragSizes(null);
      const next: Layout = { ...layoutStore.get(), colSizes: sizes.cols, rowSizes: sizes.rows };
      void changeLayout(next);
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
  };

  const edges = (sizes: number[]) => sizes.slice(0, -1).map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0));

  return (
    <section className="live" aria-label={t('live.title')}>
      <header className="toolbar">
        <h1 className="toolbar-title">{t('live.title')}</h1>
        <div className="segmented" role="radiogroup" aria-label={t('live.layout')}>
          {TILE_MODES.map((m) => (
            <button key={m} type="button" role="radio" aria-checked={layout.mode === m}
              className={layout.mode === m ? 'is-on' : ''} onClick={() => setTileMode(m)} data-testid={`mode-${m}`}>
              {t(`live.mode.${m}`)}
            </button>
          ))}
        </div>
        {layout.mode !== 'single' && (
          <div className="menu-anchor">
            <button type="button" className="button ghost" onClick={() => ui.patch({ chooserOpen: !chooserOpen })}
              aria-expanded={chooserOpen} data-testid="choose-accounts">
              <Icon name="users" size={16} /> {t('live.choose', { count: layout.accountIds.length })}
            </button>
            <Popover open={chooserOpen} onClose={() => ui.patch({ chooserOpen: false })} className="chooser">
              <p className="menu-note">{t('live.chooseHint', { max: MAX_TILES })}</p>
              {accounts.map((a) => {
                const on = layout.accountIds.includes(a.id);
                return (
                  <label key={a.id} className="menu-check">
                    <input type="checkbox" checked={on} disabled={!on && layout.accountIds.length >= MAX_TILES}
                      onChange={() => void changeLayout({
                        ...layout,
                        accountIds: on ? layout.accountIds.filter((x) => x !== a.id) : [...layout.accountIds, a.id],
                      })} />
                    <span translate="no">{a.label}</span>
                  </label>
                );
              })}
            </Popover>
          </div>
        )}
        <span className="toolbar-spacer" />
        <button type="button" className={`button ghost toggle ${layout.blur ? 'is-on' : ''}`} aria-pressed={layout.blur}
          onClick={() => void changeLayout({ ...layout, blur: !layout.blur })} title={t('live.blurHint')} data-testid="toggle-blur">
          <Icon name={layout.blur ? 'eyeOff' : 'eye'} size={16} /> {t('live.blur')}
        </button>
        {desktop && (
          <button type="button" className={`button ghost toggle ${layout.review ? 'is-on' : ''}`} aria-pressed={layout.review}
            onClick={() => void changeLayout({ ...layout, review: !layout.review })} title={t('live.reviewHint')} data-testid="toggle-review">
            <Icon name="lock" size={16} /> {t('live.review')}
          </button>
        )}
        {canTranslate && (
          <button type="button" className={`button ghost toggle ${translatorOpen ? 'is-on' : ''}`} aria-pressed={translatorOpen}
            onClick={() => ui.patch({ translatorOpen: !translatorOpen })} title={t('translate.panel.hint')} data-testid="toggle-translator">
            <Icon name="translate" size={16} /> {t('translate.panel.title')}
          </button>
        )}
      </header>
      <div className="live-body">
      {tiles.length === 0 ? (
        <div className="empty-state">
          <Icon name="grid" size={40} />
          <h2>{accounts.length === 0 ? t('live.noAccounts') : t('live.noneChosen')}</h2>
          <p>{accounts.length === 0 ? t('live.noAccountsHint') : t('live.noneChosenHint')}</p>
          {accounts.length === 0 ? (
            desktop && <button type="button" className="button primary" onClick={() => ui.patch({ dialog: { kind: 'addAccount' } })}>{t('rail.addFirst')}</button>
          ) : (
            <button type="button" className="button primary" onClick={() => ui.patch({ chooserOpen: true })}>{t('live.chooseNow')}</button>
          )}
        </div>
      ) : (
        <div className="tile-grid" ref={gridRef} data-testid="tile-grid" data-rows={rows} data-cols={cols}
          style={{
            gridTemplateColumns: colSizes.map((f) => `minmax(0, ${f}fr)`).join(' '),
            gridTemplateRows: rowSizes.map((f) => `minmax(0, ${f}fr)`).join(' '),
          }}>
          {tiles.map((a) => (
            <Tile key={a.id} account={a} blur={layout.blur} review={layout.review} />
          ))}
          {Array.from({ length: Math.max(0, cells - tiles.length) }, (_, i) => (
            <button key={`empty-${i}`} type="button" className="tile tile-empty" onClick={() => ui.patch({ chooserOpen: true })}>
              <Icon name="plus" size={22} />
              <span>{t('live.emptyTile')}</span>
            </button>
          ))}
          {edges(colSizes).map((at, i) => (
            <div key={`c${i}`} className="splitter splitter-col" style={{ left: `${at * 100}%` }} role="separator"
              aria-orientation="vertical" aria-label={t('live.resize')} onPointerDown={startDrag('col', i)} data-testid={`split-col-${i}`} />
          ))}
          {edges(rowSizes).map((at, i) => (
            <div key={`r${i}`} className="splitter splitter-row" style={{ top: `${at * 100}%` }} role="separator"
              aria-orientation="horizontal" aria-label={t('live.resize')} onPointerDown={startDrag('row', i)} data-testid={`split-row-${i}`} />
          ))}
        </div>
      )}
      {translatorOpen && canTranslate && <TranslatorPanel accounts={tiles} />}
      </div>
    </section>
  );
}
