import { languageCodes, languageName } from '../../lib/languages';

/** A language picker; `empty` adds a first option with value '' (auto-detect, inherit…). */
export function LanguageSelect({ value, onChange, label, empty, extra = [], testId, disabled }: {
  value: string;
  onChange: (code: string) => void;
  label: string;
  empty?: string;
  extra?: ReadonlyArray<string | null | undefined>;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <select className="lang-select" value={value} onChange={(e) => onChange(e.target.value)} aria-label={label} data-testid={testId}
      disabled={disabled}>
      {empty !== undefined && <option value="">{empty}</option>}
      {languageCodes([...extra, value || null]).map((c) => <option key={c} value={c}>{languageName(c)}</option>)}
    </select>
  );
}
