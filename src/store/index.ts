// The public surface of src/store/: what the other layers import from it.
export { encodeJson, type InterruptedRecord, keys, listRunIds, listRuns, listWholeRunIds, makeRunId, type Manifest, readManifest, resolveRunId, runIdTime } from './manifest.ts';
export { openStore, type OpenStoreOptions } from './open.ts';
export { openStoredResources, readResourceLines, ResourceIndex, type ResourceLine, ResourceLog, trimTarget } from './resources.ts';
export { ensureStoreReady, type EvidenceStore, NotFoundError, sha256Hex, sha256OfVersion } from './store.ts';

// What the other layers use from this folder.
export { type ChainHead, chainTip, manifestLink, type ManifestLink, type LoadedManifestRef, type PinnedObject, readChainHead, type ReportsRecord, type RunStatement } from './manifest.ts';
export { ConflictError } from './store.ts';
