import { parseGoDuration } from '../../model/rules/duration';
import { matchesSelector } from '../../model/rules/labelSelector';
import { defaultVersionPrefix } from '../../model/rules/version';
import { resolveConcurrency, resolveFailures } from './intOrPercent';
import {
  WEEKDAYS,
  type CampaignSnapshot,
  type CampaignSpec,
  type CampaignSpecIssue,
  type CampaignState,
  type ClusterObservation,
  type GatePolicy,
  type ResolvedGate,
  type SnapshotCluster,
  type SnapshotGroup,
  type SnapshotWave,
} from './types';
import { DEFAULT_UPGRADE_TIMEOUT } from './validateSpec';
import { upgradePath } from './versions';
import { parseClock } from './windows';

/** A cluster as the start-time resolution found it: listed by visibility, then read through its own workflow. */
export interface FleetCluster {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** desired control-plane version from the cluster's describe query */
  version: string;
  /** the fresh read at start (absent when the cluster did not answer); a staged rollout pins its stagedRevision */
  observation?: ClusterObservation;
}

export type SnapshotResult = { ok: true; snapshot: CampaignSnapshot; state: CampaignState } | { ok: false; issues: CampaignSpecIssue[] };

/** What a staged rollout shows where a version campaign shows its target version. */
export const STAGED_TARGET = 'staged changes';

export const clusterKey = (c: { namespace: string; name: string }): string => `${c.namespace}/${c.name}`;

/** The clusters of the fleet the spec selects (namespace and label selector), by key. */
export function selectClusters(spec: CampaignSpec, fleet: readonly FleetCluster[]): FleetCluster[] {
  const ns = spec.clusters?.namespace;
  const selector = spec.clusters?.selector ?? {};
  return fleet
    .filter((c) => (ns === undefined || c.namespace === ns) && matchesSelector(selector, c.labels))
    .sort((a, b) => clusterKey(a).localeCompare(clusterKey(b)));
}

/** Ascending wave order: numerically when every value is a number, else as strings. */
export function sortWaveValues(values: readonly string[]): string[] {
  const numeric = values.every((v) => /^-?[0-9]+(\.[0-9]+)?$/.test(v));
  return [...values].sort((a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b)));
}

interface Assignment {
  waveName: string;
  gate: GatePolicy;
  groups: Array<{ name: string; gate?: GatePolicy }>;
  /** cluster key -> group index */
  members: Map<string, number>;
}

/**
 * Resolves the spec against the fleet at start: which clusters, in which wave and group, with
 * which pinned upgrade steps and maintenance windows, and each scope's limits resolved from
 * percentages. The result is frozen into the workflow: editing the spec (or relabelling a
 * cluster) never changes a running campaign. Every problem is reported, each naming its field.
 */
export function snapshotCampaign(spec: CampaignSpec, fleet: readonly FleetCluster[], now: number): SnapshotResult {
  const issues: CampaignSpecIssue[] = [];
  const add = (path: string, rule: string, message: string) => {
    if (!issues.some((i) => i.path === path && i.message === message)) issues.push({ path, rule, message });
  };
  const staged = spec.stagedChanges === true;
  const matching = selectClusters(spec, fleet);
  if (matching.length === 0) {
    add('clusters', 'campaign-no-clusters', `no running cluster matches clusters${describeSelection(spec)}: nothing to upgrade`);
    return { ok: false, issues };
  }
  // A staged rollout is about the clusters that hold a staged change (read at start): the others
  // are left out before waves and percentages are resolved.
  const selected = staged ? matching.filter((c) => c.observation?.stagedRevision !== undefined) : matching;
  const leftOut = matching.length - selected.length;
  if (selected.length === 0) {
    add(
      'stagedChanges',
      'campaign-nothing-staged',
      `none of the ${matching.length} cluster(s) matching clusters${describeSelection(spec)} holds a staged change (sync a ClusterClass change under capstan.io/rollout-policy: Campaign first)`,
    );
    return { ok: false, issues };
  }

  const assignments = assignWaves(spec, selected, add);
  const clusters: Record<string, SnapshotCluster> = {};
  const waves: SnapshotWave[] = [];
  const windows = (spec.maintenanceWindows ?? []).map((w, i) => ({
    name: w.name ?? `window-${i}`,
    days: (w.days ?? WEEKDAYS).map((d) => WEEKDAYS.indexOf(d)).sort(),
    startMinute: parseClock(w.start) ?? 0,
    durationSeconds: parseGoDuration(w.duration) ?? 0,
  }));
  const byKey = new Map(selected.map((c) => [clusterKey(c), c]));
  for (const a of assignments) {
    const waveIndex = waves.length;
    const members = [...a.members.entries()];
    const groups: SnapshotGroup[] = a.groups.map((g, gi) => {
      const keys = members.filter(([, idx]) => idx === gi).map(([k]) => k);
      return { name: g.name, gate: resolveGate(g.gate, keys.length, false), clusters: keys };
    });
    waves.push({ name: a.waveName, gate: resolveGate(a.gate, members.length, true), groups });
    for (const [key, gi] of members) {
      const c = byKey.get(key)!;
      const path = staged ? { ok: true as const, steps: [c.observation!.stagedRevision!] } : versionPath(key, c, spec);
      if (!path.ok) {
        add(path.field, path.rule, path.message);
        continue;
      }
      clusters[key] = {
        key,
        namespace: c.namespace,
        name: c.name,
        wave: waveIndex,
        group: gi,
        fromVersion: c.version,
        steps: path.steps,
        windows: (spec.maintenanceWindows ?? []).flatMap((w, wi) => (matchesSelector(w.selector ?? {}, c.labels) ? [wi] : [])),
      };
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  const snapshot: CampaignSnapshot = {
    name: spec.name,
    ...(staged ? { kind: 'staged' as const } : {}),
    targetVersion: staged ? STAGED_TARGET : defaultVersionPrefix((spec.targetVersion ?? '').trim()),
    waves,
    clusters,
    maintenanceWindows: windows,
    exclusionWindows: (spec.exclusionWindows ?? []).map((w, i) => ({ name: w.name ?? `exclusion-${i}`, startMs: Date.parse(w.start), endMs: Date.parse(w.end) })),
    upgradeTimeoutSeconds: parseGoDuration(spec.upgradeTimeout ?? DEFAULT_UPGRADE_TIMEOUT) ?? 6 * 3600,
    spec,
    resolvedAt: new Date(now).toISOString(),
  };
  const observations: Record<string, ClusterObservation> = {};
  for (const c of selected) if (c.observation && clusters[clusterKey(c)]) observations[clusterKey(c)] = c.observation;
  const state: CampaignState = {
    clusters: Object.fromEntries(
      Object.values(clusters).map((c) => [
        c.key,
        { phase: 'NotStarted', reason: `waiting for wave ${waves[c.wave]!.name}`, step: 0, requested: false, requestSeq: 0, attempts: 0 },
      ]),
    ),
    waves: waves.map((w) => ({
      phase: 'NotStarted',
      reason: '',
      approvalRequired: w.gate.requireApproval,
      groups: w.groups.map((g) => ({ phase: 'NotStarted', reason: '', approvalRequired: g.gate.requireApproval })),
    })),
    pause: {},
    seq: Math.max(0, ...Object.values(observations).map((o) => o.seq)),
    observations,
    events: [
      {
        at: now,
        message: staged
          ? `campaign started: staged changes of ${Object.keys(clusters).length} cluster(s) in ${waves.length} wave(s)${leftOut ? ` (${leftOut} selected cluster(s) hold nothing staged or did not answer: left out)` : ''}`
          : `campaign started: ${Object.keys(clusters).length} cluster(s) in ${waves.length} wave(s) to ${spec.targetVersion}`,
      },
    ],
    startedAt: now,
  };
  return { ok: true, snapshot, state };
}

/**
 * A cluster's pinned version steps. A ClusterClass cluster whose class lists kubernetesVersions
 * must land on a listed version, and steps through the class's list where the spec's
 * intermediateVersions give none for a minor (CAPI's chained-upgrade plan from the class; the
 * latest listed patch of each minor).
 */
function versionPath(key: string, c: FleetCluster, spec: CampaignSpec): ReturnType<typeof upgradePath> {
  const target = defaultVersionPrefix((spec.targetVersion ?? '').trim());
  const cls = c.observation?.classVersions;
  if (cls && !cls.versions.includes(target)) {
    return {
      ok: false,
      field: 'targetVersion',
      rule: 'campaign-target-not-in-class',
      message: `cluster ${key} uses ClusterClass ${cls.class}, whose kubernetesVersions (${cls.versions.join(', ')}) do not list ${target}: add it to the class or narrow clusters.selector`,
    };
  }
  const fromClass = cls ? [...cls.versions].reverse() : [];
  const path = upgradePath(key, c.version, spec.targetVersion ?? '', [...(spec.intermediateVersions ?? []), ...fromClass]);
  const unlisted = cls && path.ok ? path.steps.find((step) => !cls.versions.includes(step)) : undefined;
  if (cls && unlisted) {
    return {
      ok: false,
      field: 'intermediateVersions',
      rule: 'campaign-intermediate-not-in-class',
      message: `cluster ${key} uses ClusterClass ${cls.class}, whose kubernetesVersions (${cls.versions.join(', ')}) do not list the step ${unlisted}: the cluster would refuse it; leave that minor to the class's list or add ${unlisted} to the class`,
    };
  }
  return path;
}

function describeSelection(spec: CampaignSpec): string {
  const parts: string[] = [];
  if (spec.clusters?.namespace) parts.push(`namespace ${spec.clusters.namespace}`);
  if (spec.clusters?.selector) parts.push(`selector ${JSON.stringify(spec.clusters.selector)}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** Wave defaults: one cluster at a time, no failure tolerated, no soak, no approval. */
function resolveGate(p: GatePolicy | undefined, size: number, wave: boolean): ResolvedGate {
  return {
    maxConcurrency: p?.maxConcurrency !== undefined ? resolveConcurrency(p.maxConcurrency, size) : wave ? 1 : null,
    maxAllowedFailures: p?.maxAllowedFailures !== undefined ? resolveFailures(p.maxAllowedFailures, size) : wave ? 0 : null,
    soakSeconds: p?.soak !== undefined ? (parseGoDuration(p.soak) ?? 0) : 0,
    requireApproval: p?.requireApproval ?? false,
  };
}

const policyOf = (o: GatePolicy): GatePolicy => ({
  ...(o.maxConcurrency !== undefined ? { maxConcurrency: o.maxConcurrency } : {}),
  ...(o.maxAllowedFailures !== undefined ? { maxAllowedFailures: o.maxAllowedFailures } : {}),
  ...(o.soak !== undefined ? { soak: o.soak } : {}),
  ...(o.requireApproval !== undefined ? { requireApproval: o.requireApproval } : {}),
});

function groupsByLabel(label: string | undefined, members: readonly FleetCluster[], defaults: GatePolicy | undefined): Pick<Assignment, 'groups' | 'members'> {
  if (label === undefined) return { groups: [{ name: 'all' }], members: new Map(members.map((c) => [clusterKey(c), 0])) };
  const values = sortWaveValues([...new Set(members.map((c) => c.labels[label] ?? ''))]);
  const groups = values.map((v) => ({ name: v === '' ? `(no ${label})` : v, ...(defaults ? { gate: defaults } : {}) }));
  return { groups, members: new Map(members.map((c) => [clusterKey(c), values.indexOf(c.labels[label] ?? '')])) };
}

function assignWaves(spec: CampaignSpec, selected: readonly FleetCluster[], add: (path: string, rule: string, message: string) => void): Assignment[] {
  const names = (cs: readonly FleetCluster[]) => cs.map(clusterKey).join(', ');
  if ('byLabel' in spec.waves) {
    const b = spec.waves.byLabel;
    const unlabelled = selected.filter((c) => c.labels[b.label] === undefined);
    if (unlabelled.length) {
      add('waves.byLabel.label', 'campaign-cluster-without-wave', `every selected cluster needs the label ${b.label} (it decides its wave); missing on: ${names(unlabelled)} — label them or narrow clusters.selector`);
    }
    const present = sortWaveValues([...new Set(selected.flatMap((c) => (c.labels[b.label] !== undefined ? [c.labels[b.label]!] : [])))]);
    let order = present;
    if (b.order) {
      const unknown = selected.filter((c) => c.labels[b.label] !== undefined && !b.order!.includes(c.labels[b.label]!));
      if (unknown.length) {
        add('waves.byLabel.order', 'campaign-unknown-wave', `clusters with a ${b.label} value that waves.byLabel.order does not list: ${unknown.map((c) => `${clusterKey(c)} (${b.label}=${c.labels[b.label]})`).join(', ')}`);
      }
      order = b.order;
    }
    for (const wave of Object.keys(b.overrides ?? {})) {
      if (!order.includes(wave)) {
        add(`waves.byLabel.overrides.${wave}`, 'campaign-unknown-wave', `unknown wave "${wave}": no selected cluster has ${b.label}=${wave} (waves: ${order.map((o) => `"${o}"`).join(', ') || 'none'})`);
      }
    }
    return order.map((value) => {
      const members = selected.filter((c) => c.labels[b.label] === value);
      return {
        waveName: value,
        gate: { ...policyOf(b.defaults ?? {}), ...policyOf(b.overrides?.[value] ?? {}) },
        ...groupsByLabel(b.groupByLabel, members, b.groupDefaults),
      };
    });
  }
  const remaining = new Set(selected.map(clusterKey));
  const out: Assignment[] = spec.waves.stages.map((stage, si) => {
    const members = selected.filter((c) => remaining.has(clusterKey(c)) && matchesSelector(stage.selector, c.labels));
    members.forEach((c) => remaining.delete(clusterKey(c)));
    if (!stage.groups) return { waveName: stage.name, gate: policyOf(stage), ...groupsByLabel(stage.groupByLabel, members, stage.groupDefaults) };
    const map = new Map<string, number>();
    const orphans: FleetCluster[] = [];
    for (const c of members) {
      const gi = stage.groups.findIndex((g) => matchesSelector(g.selector, c.labels));
      if (gi < 0) orphans.push(c);
      else map.set(clusterKey(c), gi);
    }
    if (orphans.length) {
      add(`waves.stages[${si}].groups`, 'campaign-cluster-without-group', `clusters of stage ${stage.name} in none of its groups: ${names(orphans)}`);
    }
    return { waveName: stage.name, gate: policyOf(stage), groups: stage.groups.map((g) => ({ name: g.name, gate: policyOf(g) })), members: map };
  });
  if (remaining.size) {
    add('waves.stages', 'campaign-cluster-without-wave', `selected clusters in no stage: ${[...remaining].join(', ')} — add a stage that selects them (an empty selector, {}, takes every remaining cluster) or narrow clusters.selector`);
  }
  return out;
}
