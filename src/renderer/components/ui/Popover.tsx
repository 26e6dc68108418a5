import { type ReactNode, useEffect, useRef } from 'react';

/** A small menu anchored under its trigger; closes on an outside click or Esc. */
export function Popover({ open, onClose, children, align = 'left', className = '' }: {
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  align?: 'left' | 'right';
  className?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      const anchor = ref.current?.parentElement;
      if (anchor && !anchor.contains(e.target as Node)) onClose();
    };
    // Esc closes the menu first, before the app-wide Esc closes the panel it sits in.
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      onClose();
    };
    document.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open, onClose]);
  if (!open) return null;
  return <div ref={ref} role="menu" className={`popover popover-${align} ${className}`}>{children}</div>;
}

/** A filter button with a checkbox list. */
export function MultiSelect<T extends string>({ label, options, value, onChange, open, setOpen, testId }: {
  label: string;
  /** `data`: the label is user content (an account name), not a UI string. */
  options: Array<{ value: T; label: string; data?: boolean }>;
  value: T[];
  onChange: (next: T[]) => void;
  open: boolean;
  setOpen: (open: boolean) => void;
  testId?: string;
}) {
  const active = value.length > 0;
  const single = value.length === 1 ? options.find((o) => o.value === value[0]) : undefined;
  const shown = single ? single.label : active ? `${label} · ${value.length}` : label;
  return (
    <div className="menu-anchor">
      <button type="button" className={`chip ${active ? 'chip-active' : ''}`} onClick={() => setOpen(!open)}
        aria-haspopup="menu" aria-expanded={open} data-testid={testId}>
        <span className="chip-label" translate={single?.data ? 'no' : undefined}>{shown}</span>
        <svg width="12" height="12" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 9l6 6 6-6" fill="none" stroke="currentColor" strokeWidth="2" /></svg>
      </button>
      <Popover open={open} onClose={() => setOpen(false)}>
        {options.map((o) => (
          <label key={o.value} className="menu-check" role="menuitemcheckbox" aria-checked={value.includes(o.value)}>
            <input type="checkbox" checked={value.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))} />
            <span translate={o.data ? 'no' : undefined}>{o.label}</span>
          </label>
        ))}
      </Popover>
    </div>
  );
}
