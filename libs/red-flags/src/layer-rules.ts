import picomatch from 'picomatch';
import { LayerConfigError } from './errors.js';

/**
 * A layer of the plan's `architecture.layers` (DESIGN §3). Files belong to the first layer
 * (in declaration order) one of whose patterns matches their repo-relative path.
 */
export interface ArchitectureLayer {
  name: string;
  level?: number;
  /** Layers this one may import from (besides itself). @defaultValue [] */
  allowed_deps?: string[];
  /** Glob patterns (picomatch) of the layer's files. @defaultValue [`**\/<name>/**`] */
  patterns?: string[];
  /** Alias of `patterns`, merged with it. */
  paths?: string[];
}

/** Maps files to layers and decides whether an import between layers is allowed. */
export class LayerRules {
  private readonly matchers: Array<{ layer: ArchitectureLayer; matches: (path: string) => boolean }>;

  constructor(layers: readonly ArchitectureLayer[]) {
    this.matchers = layers.map((layer) => {
      if (typeof layer?.name !== 'string' || layer.name.length === 0) {
        throw new LayerConfigError(`architecture layer without a name: ${JSON.stringify(layer)}`);
      }
      const patterns = [...(layer.patterns ?? []), ...(layer.paths ?? [])];
      const globs = patterns.length > 0 ? patterns : [`**/${layer.name}/**`];
      try {
        return { layer, matches: picomatch(globs, { dot: true }) };
      } catch (error) {
        throw new LayerConfigError(`layer ${layer.name}: bad pattern: ${String(error)}`);
      }
    });
  }

  /** The layer of a repo-relative path, if any. */
  layerOf(path: string): ArchitectureLayer | undefined {
    return this.matchers.find((matcher) => matcher.matches(path))?.layer;
  }

  /** Whether code in layer `from` may import code in layer `to`. */
  allows(from: ArchitectureLayer, to: ArchitectureLayer): boolean {
    return from.name === to.name || (from.allowed_deps ?? []).includes(to.name);
  }
}
