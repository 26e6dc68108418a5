// The QR matrix only; drawn by our own component (the package's own typings pull in Node).
declare module 'qrcode/lib/core/qrcode' {
  export function create(text: string, options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' }): {
    modules: { size: number; get(row: number, col: number): boolean | number };
  };
}

