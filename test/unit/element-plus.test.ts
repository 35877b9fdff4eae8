import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from 'vue';
import { describe, expect, it } from 'vitest';
import { installElementPlus } from '../../src-renderer/elementPlus';

const vueFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? vueFiles(join(dir, e.name)) : e.name.endsWith('.vue') ? [join(dir, e.name)] : [],
  );
const pascal = (tag: string) => tag.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

describe('Element Plus', () => {
  it('registers every component a screen uses, since it is not installed whole', () => {
    const app = createApp({});
    installElementPlus(app);
    const registered = new Set(Object.keys(app._context.components));
    const used = new Set(
      vueFiles('src-renderer').flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/<(el-[a-z-]+)/g)].map((m) => pascal(m[1]!)),
      ),
    );
    expect(used).toContain('ElTableColumn');
    expect([...used].filter((c) => !registered.has(c))).toEqual([]);
  });
});
