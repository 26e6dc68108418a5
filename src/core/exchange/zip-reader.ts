import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ExchangeError } from './errors';

/**
 * Reads a .zip (WhatsApp's "Export chat" with media) without extracting it: entries are
 * found by their base name and read into memory one at a time, each bounded, so a hostile
 * archive cannot write outside anything or exhaust memory. yauzl checks sizes and CRCs.
 */
export class ZipReader {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: Map<string, Entry>,
  ) {}

  static open(file: string, maxEntries = 50_000): Promise<ZipReader> {
    return new Promise((resolve, reject) => {
      yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
        if (err || !zip) {
          reject(new ExchangeError('IMPORT_INVALID', `${file} is not a readable .zip file (${err?.message ?? 'unknown error'}).`, { cause: err }));
          return;
        }
        const entries = new Map<string, Entry>();
        zip.on('entry', (e: Entry) => {
          if (entries.size >= maxEntries) {
            zip.close();
            reject(new ExchangeError('IMPORT_INVALID', `${file} has more than ${maxEntries} files; it is not a WhatsApp export.`));
            return;
          }
          if (!e.fileName.endsWith('/')) {
            const base = e.fileName.split(/[\\/]/).pop() ?? e.fileName;
            if (!entries.has(base)) entries.set(base, e);
          }
          zip.readEntry();
        });
        zip.on('end', () => resolve(new ZipReader(zip, entries)));
        zip.on('error', (e: Error) => reject(new ExchangeError('IMPORT_INVALID', `${file} is a damaged .zip file (${e.message}).`, { cause: e })));
        zip.readEntry();
      });
    });
  }

  /** The bytes of one entry, or an error when it is larger than `maxBytes`. */
  read(entry: Entry, maxBytes: number): Promise<Buffer> {
    if (entry.uncompressedSize > maxBytes) {
      return Promise.reject(new ExchangeError('IMPORT_INVALID', `${entry.fileName} is larger than ${maxBytes} bytes.`));
    }
    return new Promise((resolve, reject) => {
      this.zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) {
          reject(new ExchangeError('IMPORT_INVALID', `Cannot read ${entry.fileName} in the .zip (${err?.message ?? 'unknown error'}).`));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) stream.destroy(new Error(`larger than ${maxBytes} bytes`));
          else chunks.push(c);
        });
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', (e: Error) => reject(new ExchangeError('IMPORT_INVALID', `${entry.fileName} in the .zip is damaged (${e.message}).`)));
      });
    });
  }

  close(): void {
    this.zip.close();
  }
}
