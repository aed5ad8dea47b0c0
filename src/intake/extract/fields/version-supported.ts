/** @module Whether the affected versions are supported, by the policy's ranges for the product. */
import { sameProduct } from '../product.js';
import { versionSupported as supportedBy } from '../versions.js';
import { affectedVersions } from './affected-versions.js';
import { product } from './product.js';
import { asIs, type FieldDef } from './types.js';

/** true: some affected version is in a supported range; false: none is; null: no policy for the product or no versions. */
export const versionSupported: FieldDef<'versionSupported', boolean | null> = {
  key: 'versionSupported',
  extract(ctx) {
    const name = ctx.field(product);
    const versions = ctx.field(affectedVersions);
    const ranges = ctx.policy.supportedVersions;
    const policyKey = name.value === null ? null : Object.keys(ranges).find((k) => sameProduct(k, name.value as string));
    const supported = policyKey === undefined || policyKey === null ? null : supportedBy(versions.value, ranges[policyKey] ?? []);
    return { value: supported, confidence: supported === null ? 0 : Math.min(name.confidence, versions.confidence), span: null };
  },
  askLabel: null,
  toJson: asIs,
  score: null,
};
