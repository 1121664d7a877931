import { describe, expect, it } from 'vitest';
import { LayerConfigError } from './errors.js';
import { LayerRules } from './layer-rules.js';

describe('LayerRules', () => {
  const rules = new LayerRules([
    { name: 'domain', level: 0, allowed_deps: [] },
    { name: 'api', level: 2, allowed_deps: ['domain'], patterns: ['apps/*/src/**', 'src/api/**'] },
    { name: 'infra', level: 1, paths: ['src/infra/**'] },
  ]);

  it.each([
    ['domain/user.ts', 'domain'],
    ['src/domain/user.ts', 'domain'],
    ['libs/x/src/domain/deep/user.ts', 'domain'],
    ['apps/web/src/main.ts', 'api'],
    ['src/api/routes.ts', 'api'],
    ['src/infra/db.ts', 'infra'],
    ['src/util/strings.ts', undefined],
  ])('maps %s to layer %s', (path, layer) => {
    expect(rules.layerOf(path)?.name).toBe(layer);
  });

  it('allows the same layer and allowed_deps only', () => {
    const [domain, api, infra] = ['domain/a.ts', 'src/api/a.ts', 'src/infra/a.ts'].map(
      (p) => rules.layerOf(p)!,
    );
    expect(rules.allows(api!, domain!)).toBe(true);
    expect(rules.allows(api!, api!)).toBe(true);
    expect(rules.allows(domain!, api!)).toBe(false);
    expect(rules.allows(infra!, domain!)).toBe(false);
  });

  it('rejects a layer without a name with a coded error', () => {
    expect(() => new LayerRules([{ name: '' }])).toThrow(LayerConfigError);
    try {
      new LayerRules([{ name: '' }]);
    } catch (error) {
      expect((error as LayerConfigError).code).toBe('RED_FLAGS_LAYER_CONFIG_INVALID');
    }
  });
});
