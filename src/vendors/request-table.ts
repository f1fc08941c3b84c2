/**
 * A vendor's request table: every request its adapter can send, with the documentation each part comes from. Each
 * vendor folder has one (`<vendor>.requests.ts`); a test records the requests of each lifecycle run at the simulator
 * and fails on anything not in the table, and `docs/vendors/<vendor>.md` is checked against it.
 */

/** Where a part of a request comes from: a [C] citation, or an assumption with its reason and switch. */
export interface RequestPart {
  /**
   * A body field path (arrays as `[]`), query parameter or header name (lower-case). `a.*` stands for anything
   * below `a` (an object the docs leave open); `*` for any top-level scalar (Oracle's dynamic properties).
   */
  name: string;
  /** `[C] …` citation in shared/vendors/README.md or a seed; `[I] …` for a documented container's undocumented member. */
  source: string;
  /** Set when no doc shows it: sent only when the named switch is on. */
  assumption?: { reason: string; switch: string };
}

/** One request an adapter can send. */
export interface DocumentedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path relative to the base URL named by `base`, parameters as `{name}`. */
  path: string;
  /** Which configured base URL the path is under (the vendor's main one when absent). */
  base?: string;
  source: string;
  /** Set when the whole request is an assumption. */
  assumption?: { reason: string; switch: string };
  body: RequestPart[];
  query: RequestPart[];
  headers: RequestPart[];
}

/** A vendor's table. */
export interface RequestTable {
  vendor: string;
  /** Env variable of each base URL key (`main` is the default base). */
  bases: Record<string, string>;
  requests: DocumentedRequest[];
}

/** The entry of a table for a method and a concrete path (relative to `base`), if any. */
export function findRequest(table: RequestTable, method: string, path: string, base = 'main'): DocumentedRequest | undefined {
  return table.requests.find((r) => {
    if (r.method !== method || (r.base ?? 'main') !== base) return false;
    const pattern = new RegExp(`^${r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    return pattern.test(path);
  });
}

/** Renders a table as the Markdown of its docs page (`docs/vendors/<vendor>.md`). */
export function renderRequestTable(table: RequestTable): string {
  const lines: string[] = [
    `# ${table.vendor}: every request the adapter can send`,
    '',
    "Generated from the adapter's request table (`npm run docs:vendors`); a test fails when this page and the table differ.",
    '[C] cites shared/vendors/README.md or a seed; an assumption is sent only when its switch is on.',
    '',
  ];
  const esc = (text: string): string => text.replace(/\|/g, '\\|');
  const cell = (p: RequestPart): string =>
    `| \`${p.name}\` | ${esc(p.source)} | ${p.assumption ? esc(`${p.assumption.reason} (\`${p.assumption.switch}\`)`) : ''} |`;
  for (const r of table.requests) {
    lines.push(`## ${r.method} ${r.path}${r.base ? ` (${table.bases[r.base] ?? r.base})` : ''}`, '', r.source.replace(/\|/g, '\\|'), '');
    if (r.assumption) lines.push(`Assumption: ${r.assumption.reason}; only with \`${r.assumption.switch}\`.`, '');
    for (const [title, parts] of [
      ['Headers', r.headers],
      ['Query parameters', r.query],
      ['Body fields', r.body],
    ] as const) {
      if (parts.length === 0) continue;
      lines.push(`### ${title}`, '', '| name | source | assumption |', '|---|---|---|', ...parts.map(cell), '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
