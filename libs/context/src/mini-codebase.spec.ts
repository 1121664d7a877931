import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCodeGraph, type CodeGraph } from './code-graph.js';
import { buildMiniCodebase } from './mini-codebase.js';
import { ParseCache } from './parse-cache.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

describe('buildMiniCodebase on a small TypeScript repository', () => {
  let graph: CodeGraph;
  beforeAll(async () => {
    graph = await buildCodeGraph(fixture('ts-app'), { cache: new ParseCache() });
  });

  const byName = (names: ReturnType<typeof buildMiniCodebase>['symbols'], name: string) =>
    names.find((symbol) => symbol.name === name);

  it('includes the seed symbol with its full body at distance 0', () => {
    const context = buildMiniCodebase(graph, { seedSymbols: ['placeOrder'] });
    expect(context.seeds).toEqual(['placeOrder']);
    expect(context.symbols[0]).toMatchObject({
      name: 'placeOrder',
      kind: 'function',
      file: 'src/orders/place-order.ts',
      startLine: 4,
      endLine: 7,
      distance: 0,
      detail: 'body',
      signature: 'export function placeOrder(order: Order): number',
    });
    expect(context.markdown).toContain('  return order.quantity * order.unitPrice;\n}');
  });

  it('includes depth-1 neighbours with bodies: callees, used types and callers', () => {
    const { symbols, markdown } = buildMiniCodebase(graph, { seedSymbols: ['placeOrder'] });
    expect(byName(symbols, 'validateOrder')).toMatchObject({
      distance: 1,
      relation: 'references',
      detail: 'body',
    });
    expect(byName(symbols, 'Order')).toMatchObject({ distance: 1, kind: 'interface', detail: 'body' });
    expect(byName(symbols, 'checkout')).toMatchObject({
      distance: 1,
      relation: 'referenced-by',
      detail: 'body',
    });
    expect(markdown).toContain('throw new OrderValidationError(');
  });

  it('shows depth-2 neighbours as signatures only', () => {
    const { symbols, markdown } = buildMiniCodebase(graph, { seedSymbols: ['placeOrder'] });
    expect(byName(symbols, 'isPositive')).toMatchObject({ distance: 2, detail: 'signature' });
    expect(byName(symbols, 'formatMoney')).toMatchObject({ distance: 2, detail: 'signature' });
    expect(markdown).toContain('export function isPositive(value: number): boolean …');
    expect(markdown).not.toContain('Number.isNaN(value)');
    expect(byName(symbols, 'unrelatedHelper')).toBeUndefined();
  });

  it('stops at maxDepth', () => {
    const { symbols } = buildMiniCodebase(graph, { seedSymbols: ['placeOrder'], maxDepth: 1 });
    expect(Math.max(...symbols.map((symbol) => symbol.distance))).toBe(1);
  });

  it.each([0, 1, 2, 3, 6, 12, 20, 30, 45, 400])(
    'keeps the markdown within a %i-line budget',
    (lineBudget) => {
      const context = buildMiniCodebase(graph, { seedSymbols: ['placeOrder'], lineBudget });
      const lines = context.markdown === '' ? 0 : context.markdown.split('\n').length;
      expect(lines).toBeLessThanOrEqual(lineBudget);
      expect(context.symbols.length + context.omitted).toBe(7);
    },
  );

  it('truncates a seed body that does not fit rather than dropping it', () => {
    const context = buildMiniCodebase(graph, { seedSymbols: ['placeOrder'], lineBudget: 10 });
    expect(context.symbols).toHaveLength(1);
    expect(context.symbols[0]).toMatchObject({ name: 'placeOrder', detail: 'truncated-body' });
    expect(context.markdown.split('\n')).toHaveLength(10);
    expect(context.markdown).toContain('  validateOrder(order);\n…\n```');
  });

  it('uses identifiers named in the description when no seeds are given', () => {
    const context = buildMiniCodebase(graph, {
      description: 'Make placeOrder reject orders when the validation in `validateOrder` fails',
    });
    expect(context.seeds).toEqual(['placeOrder', 'validateOrder']);
    expect(context.symbols.filter((s) => s.distance === 0).map((s) => s.name)).toEqual([
      'placeOrder',
      'validateOrder',
    ]);
  });

  it('seeds from the top-level symbols of a file the description names by path', () => {
    const context = buildMiniCodebase(graph, { description: 'Tidy up orders/validation.ts a little' });
    expect(context.seeds).toEqual(['src/orders/validation.ts']);
    expect(context.symbols.filter((s) => s.distance === 0).map((s) => s.name)).toEqual([
      'OrderValidationError',
      'validateOrder',
    ]);
  });

  it('falls back to the description when no given seed symbol exists, and to nothing when nothing matches', () => {
    expect(
      buildMiniCodebase(graph, { seedSymbols: ['doesNotExist'], description: 'fix checkout' }).seeds,
    ).toEqual(['checkout']);
    const empty = buildMiniCodebase(graph, { description: 'write a poem' });
    expect(empty).toMatchObject({ seeds: [], symbols: [], files: [], markdown: '# MiniCodebase' });
  });

  it('lists importers and imports of the seed files that contribute no symbol, within the budget', () => {
    const context = buildMiniCodebase(graph, { seedSymbols: ['isPositive'], maxDepth: 1 });
    expect(context.relatedFiles).toEqual([{ path: 'src/checkout.ts', relation: 'imports-seed-file' }]);
    expect(context.markdown.endsWith('Related files: `src/checkout.ts` (imports a seed file)')).toBe(true);
    const tight = buildMiniCodebase(graph, { seedSymbols: ['isPositive'], maxDepth: 1, lineBudget: 24 });
    expect(tight.markdown.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('summarises the files in rank order with their smallest distance', () => {
    const { files } = buildMiniCodebase(graph, { seedSymbols: ['placeOrder'] });
    expect(files[0]).toEqual({
      path: 'src/orders/place-order.ts',
      language: 'typescript',
      distance: 0,
      symbols: ['placeOrder'],
    });
    expect(files.find((file) => file.path === 'src/shared/numbers.ts')).toMatchObject({ distance: 2 });
  });
});

describe.each([
  ['python-app', 'register', ['make_user', 'audit', 'main'], 'make_user'],
  ['go-app', 'Store.Total', ['sum', 'Store'], 'sum'],
  ['rust-app', 'main', ['area', 'Circle'], 'area'],
])('buildMiniCodebase on the %s fixture', (name, seed, neighbours, bodyNeighbour) => {
  it(`reaches the neighbours of ${seed} across files`, async () => {
    const graph = await buildCodeGraph(fixture(name), { cache: new ParseCache() });
    const context = buildMiniCodebase(graph, { seedSymbols: [seed] });
    expect(context.symbols[0]).toMatchObject({ distance: 0, detail: 'body' });
    const distanceOne = context.symbols
      .filter((symbol) => symbol.distance === 1)
      .map((symbol) => symbol.name);
    expect(distanceOne).toEqual(expect.arrayContaining(neighbours));
    expect(context.symbols.find((symbol) => symbol.name === bodyNeighbour)?.detail).toBe('body');
  });
});

describe('buildMiniCodebase with members', () => {
  it('shows a method seed in full and its class as a signature, never the method twice', async () => {
    const graph = await buildCodeGraph(fixture('python-app'), { cache: new ParseCache() });
    const context = buildMiniCodebase(graph, { seedSymbols: ['User.greet'] });
    expect(context.symbols[0]).toMatchObject({ name: 'greet', parent: 'User', detail: 'body', distance: 0 });
    expect(context.symbols.find((symbol) => symbol.name === 'User')).toMatchObject({
      distance: 1,
      relation: 'member-of',
      detail: 'signature',
    });
    expect(context.markdown.match(/def greet/g)).toHaveLength(1);
  });
});

describe('buildMiniCodebase after an incremental update', () => {
  it('sees a caller added to the checkout once updateFiles has run', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'context-ts-app-'));
    try {
      cpSync(fixture('ts-app'), repo, { recursive: true });
      const graph = await buildCodeGraph(repo, { cache: new ParseCache() });
      const callers = () =>
        buildMiniCodebase(graph, { seedSymbols: ['isPositive'], maxDepth: 1 })
          .symbols.filter((symbol) => symbol.relation === 'referenced-by')
          .map((symbol) => symbol.name);
      expect(callers()).toEqual(['validateOrder']);
      const refund =
        "import { isPositive } from './shared/numbers.js';\nexport const canRefund = (n: number) => isPositive(n);\n";
      writeFileSync(join(repo, 'src/refund.ts'), refund);
      await graph.updateFiles(['src/refund.ts']);
      expect(callers()).toEqual(['validateOrder', 'canRefund']);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
