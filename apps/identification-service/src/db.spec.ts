import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { asColumns } from './db';

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Json', 'Bytes', 'Float', 'Decimal']);
const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Each scalar field of each model in a schema file: its name and its column (the @map name, else the field name). */
function columnsOf(file: string): { model: string; field: string; column: string }[] {
  const out: { model: string; field: string; column: string }[] = [];
  let model: string | null = null;
  for (const line of fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())) {
    const opens = /^model\s+(\w+)\s*\{/.exec(line);
    if (opens) model = opens[1];
    else if (line === '}') model = null;
    else if (model && /^[a-z]\w*\s/.test(line)) {
      const [field, type] = line.split(/\s+/);
      if (!SCALARS.has(type.replace(/[?[\]]/g, ''))) continue; // a relation
      out.push({ model, field, column: /@map\("([^"]+)"\)/.exec(line)?.[1] ?? field });
    }
  }
  return out;
}

const prismaDir = path.join(__dirname, '..', 'prisma');

it('names every column as Columns<> does: the snake_case of its field', () => {
  const fields = ['schema.prisma', 'platform.prisma'].flatMap((f) => columnsOf(path.join(prismaDir, f)));
  expect(fields.length).toBeGreaterThan(100);
  expect(fields.filter((f) => f.column !== snake(f.field))).toEqual([]);
});

it('the check bites: a column mapped to another name is found', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'columns-'));
  const file = path.join(dir, 'schema.prisma');
  fs.writeFileSync(
    file,
    'model Thing {\n  id String @id\n  villageCode String @map("village")\n  owner Other @relation(fields: [id])\n}\n',
  );
  expect(columnsOf(file)).toEqual([
    { model: 'Thing', field: 'id', column: 'id' },
    { model: 'Thing', field: 'villageCode', column: 'village' },
  ]);
  fs.rmSync(dir, { recursive: true });
});

it('asColumns renames a model row to its columns, values untouched', () => {
  const at = new Date();
  expect(asColumns({ id: 'x', villageCode: '522634101201', fileSha256: 'f', createdAt: at, report: null })).toEqual({
    id: 'x',
    village_code: '522634101201',
    file_sha256: 'f',
    created_at: at,
    report: null,
  });
});
