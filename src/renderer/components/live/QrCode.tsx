import { useMemo } from 'react';
import { create } from 'qrcode/lib/core/qrcode';

/** The pairing QR from the `qr` event, drawn as one SVG path (crisp at any size). */
export function QrCode({ value, size = 232, label }: { value: string; size?: number; label: string }) {
  const { path, n } = useMemo(() => {
    const { modules } = create(value, { errorCorrectionLevel: 'L' });
    let d = '';
    for (let y = 0; y < modules.size; y++) {
      for (let x = 0; x < modules.size; x++) if (modules.get(y, x)) d += `M${x} ${y}h1v1h-1z`;
    }
    return { path: d, n: modules.size };
  }, [value]);
  const quiet = 2;
  return (
    <svg className="qr" role="img" aria-label={label} width={size} height={size}
      viewBox={`${-quiet} ${-quiet} ${n + quiet * 2} ${n + quiet * 2}`} shapeRendering="crispEdges" data-testid="qr-code" data-qr={value}>
      <rect x={-quiet} y={-quiet} width={n + quiet * 2} height={n + quiet * 2} fill="#fff" />
      <path d={path} fill="#111" />
    </svg>
  );
}
