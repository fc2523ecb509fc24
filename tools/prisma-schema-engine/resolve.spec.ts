// The resolver prefers a real native schema engine in @prisma/engines and falls back to the WASM wrapper.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resolveSchemaEngineBinary, findNativeSchemaEngine, wrapperPath } = require('./index.js') as {
  resolveSchemaEngineBinary: (o?: { dir?: string; platform?: string }) => string;
  findNativeSchemaEngine: (o?: { dir?: string; platform?: string }) => string | null;
  wrapperPath: string;
};

describe('schema engine resolver', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pse-resolve-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, head: number[], size = 2 * 1024 * 1024, mode = 0o755) => {
    const buf = Buffer.alloc(size);
    Buffer.from(head).copy(buf);
    fs.writeFileSync(path.join(dir, name), buf, { mode });
    return path.join(dir, name);
  };
  const ELF = [0x7f, 0x45, 0x4c, 0x46];

  it('falls back to the WASM wrapper when no native engine was downloaded', () => {
    expect(resolveSchemaEngineBinary({ dir, platform: 'linux' })).toBe(wrapperPath);
    expect(fs.existsSync(wrapperPath)).toBe(true);
    expect(fs.statSync(wrapperPath).mode & 0o111).not.toBe(0);
  });

  it('prefers a native engine binary when present', () => {
    const bin = write('schema-engine-debian-openssl-3.0.x', ELF);
    expect(resolveSchemaEngineBinary({ dir, platform: 'linux' })).toBe(bin);
  });

  it('ignores checksums, partial downloads, non-executables and foreign binaries', () => {
    write('schema-engine-debian-openssl-3.0.x.sha256', ELF);
    write('schema-engine-debian-openssl-1.1.x', ELF, 100); // truncated download
    write('schema-engine-linux-musl', ELF, 2 * 1024 * 1024, 0o644); // not executable
    write('schema-engine-darwin', [0xcf, 0xfa, 0xed, 0xfe]); // Mach-O on Linux
    expect(findNativeSchemaEngine({ dir, platform: 'linux' })).toBeNull();
    expect(resolveSchemaEngineBinary({ dir, platform: 'linux' })).toBe(wrapperPath);
  });

  it('returns the wrapper when @prisma/engines is missing altogether', () => {
    expect(resolveSchemaEngineBinary({ dir: path.join(dir, 'nope'), platform: 'linux' })).toBe(wrapperPath);
  });
});
