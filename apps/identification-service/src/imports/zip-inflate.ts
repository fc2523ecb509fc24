import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { TableError } from './tabular';

/**
 * How far an .xlsx may inflate, counted on the bytes actually inflated: the sizes a ZIP declares are the
 * sender's word (a 5 MB zip bomb declaring 4 KB per entry inflates to 1.26 GB). 256 MB is four to eight
 * times a county roster of 50,000 people (30–60 MB of sheet XML), and bounds memory: the fast reader holds
 * the sheet as one buffer and then one string (V8 strings stop at about 512 MB, so 800 MB was never readable
 * there, only by the slow fallback).
 */
export const XLSX_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;

export function xlsxTooLarge(limit: number): TableError {
  const mb = Math.round(limit / 1024 / 1024);
  return new TableError('xlsx_too_large', {
    'zh-CN': `XLSX 文件解压后超过 ${mb} MB，请拆分后上传或另存为 CSV`,
    en: `the XLSX file inflates to more than ${mb} MB; split it or save it as CSV`,
  });
}

const TOO_LARGE = 'ERR_BUFFER_TOO_LARGE';

/** The bytes inflated so far from one archive, against its limit: every entry read draws on the same budget. */
export class InflateBudget {
  private used = 0;

  constructor(readonly limit = XLSX_MAX_UNCOMPRESSED_BYTES) {}

  /** One raw-deflate entry, inflated at most to what is left of the budget (the too-large TableError past it). */
  inflate(data: Buffer): Buffer {
    let out: Buffer;
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, this.limit - this.used) });
    } catch (e) {
      if ((e as { code?: unknown }).code === TOO_LARGE) throw xlsxTooLarge(this.limit);
      throw e;
    }
    return this.take(out);
  }

  /** An entry read as it is (stored, not compressed): it counts too. */
  take(data: Buffer): Buffer {
    this.used += data.length;
    if (this.used > this.limit) throw xlsxTooLarge(this.limit);
    return data;
  }
}

/** Bytes a raw-deflate stream inflates to, counted and thrown away; stops counting past `budget`. */
function inflatedBytes(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
    let n = 0;
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > budget) {
        inflate.destroy();
        resolve(n);
      }
    });
    inflate.on('end', () => resolve(n));
    inflate.on('error', () => resolve(n)); // damaged data: the reader that follows says so
    inflate.end(data);
  });
}

interface LocalEntry {
  /** Compression method; any but 0 is inflated (as a streaming unzip does). */
  method: number;
  data: Buffer;
  /** Offset of the next record. */
  next: number;
}

/** The local file header at `at` and its data, found the way a streaming unzip finds it; null at anything else. */
function localEntry(buffer: Buffer, at: number, limit: number): LocalEntry | null {
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== 0x04034b50) return null;
  const flags = buffer.readUInt16LE(at + 6);
  const method = buffer.readUInt16LE(at + 8);
  const compressedSize = buffer.readUInt32LE(at + 18);
  if (compressedSize === 0xffffffff || buffer.readUInt32LE(at + 22) === 0xffffffff) throw xlsxTooLarge(limit); // ZIP64
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  if (flags & 0x08 && compressedSize === 0) {
    // size in a data descriptor after the data: the data runs to the descriptor's signature
    const descriptor = buffer.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), start);
    const end = descriptor < 0 ? buffer.length : descriptor;
    return { method, data: buffer.subarray(start, end), next: end + 16 };
  }
  return { method, data: buffer.subarray(start, start + compressedSize), next: start + compressedSize };
}

/**
 * Inflate every entry of a ZIP as a streaming reader (exceljs' unzipper) would walk it — local headers in
 * file order, whatever the central directory says — counting the bytes and discarding them. Throws the
 * too-large TableError once they pass `limit`; returns the total otherwise.
 */
export async function checkInflatedSize(buffer: Buffer, limit = XLSX_MAX_UNCOMPRESSED_BYTES): Promise<number> {
  let total = 0;
  for (let entry = localEntry(buffer, 0, limit); entry; entry = localEntry(buffer, entry.next, limit)) {
    total += entry.method === 0 ? entry.data.length : await inflatedBytes(entry.data, limit - total);
    if (total > limit) throw xlsxTooLarge(limit);
  }
  return total;
}
