import { checkDns1123Label, checkDns1123Subdomain } from '../../model/rules/dns';
import { parseGoDuration } from '../../model/rules/duration';
import { checkLabelValue, checkQualifiedKey } from '../../model/rules/labels';
import { checkRfc3339 } from '../../model/rules/rfc3339';
import { defaultVersionPrefix, parseKubeVersion } from '../../model/rules/version';
import { checkCount } from './intOrPercent';
import { WEEKDAYS, type CampaignSpecIssue } from './types';
import { parseClock } from './windows';

/** GKE rollout sequencing's cap on a soak; also the cap on an upgrade step's timeout. */
export const MAX_SOAK_SECONDS = 30 * 24 * 3600;
export const DEFAULT_UPGRADE_TIMEOUT = '6h';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every problem of a campaign spec, each naming its field, found before anything starts (the
 * CLI refuses to start; the workflow fails with InvalidSpec before its first upgrade). Unknown
 * fields are refused too: a misspelt `maxConcurency` must not silently mean "default".
 * Checks that need the fleet (wave labels of the selected clusters, versions) are in snapshot.ts.
 */
export function validateCampaignSpec(raw: unknown): CampaignSpecIssue[] {
  const issues: CampaignSpecIssue[] = [];
  const add = (path: string, rule: string, message: string) => issues.push({ path, rule, message });
  if (!isObj(raw)) {
    add('', 'campaign-spec-object', 'the campaign spec must be an object');
    return issues;
  }
  const spec = raw as Obj;
  strictKeys(spec, '', ['name', 'targetVersion', 'stagedChanges', 'intermediateVersions', 'clusters', 'waves', 'maintenanceWindows', 'exclusionWindows', 'upgradeTimeout'], add);

  if (typeof spec.name !== 'string') add('name', 'required', 'name is required (the campaign runs as workflow campaign/<name>)');
  else {
    const v = checkDns1123Subdomain(spec.name);
    if (v) add('name', v.rule, v.message);
  }

  const target = typeof spec.targetVersion === 'string' ? parseKubeVersion(defaultVersionPrefix(spec.targetVersion.trim())) : undefined;
  if (spec.stagedChanges !== undefined && typeof spec.stagedChanges !== 'boolean') add('stagedChanges', 'boolean', 'stagedChanges must be true or false');
  const staged = spec.stagedChanges === true;
  if (staged) {
    // one campaign, one kind of change: a version upgrade, or the staged ClusterClass changes
    if (spec.targetVersion !== undefined) add('targetVersion', 'campaign-one-target', 'give either targetVersion or stagedChanges: true, not both (a version upgrade and a staged rollout are separate campaigns)');
    if (spec.intermediateVersions !== undefined) add('intermediateVersions', 'campaign-one-target', 'intermediateVersions belong to a version campaign (targetVersion), not to stagedChanges');
  } else if (spec.targetVersion === undefined) add('targetVersion', 'required', 'targetVersion is required, e.g. v1.32.3 (or stagedChanges: true to roll out staged ClusterClass changes)');
  else if (!target) add('targetVersion', 'version-format', `"${String(spec.targetVersion)}" must be a Kubernetes version vMAJOR.MINOR.PATCH, e.g. v1.32.3`);

  if (spec.intermediateVersions !== undefined) {
    if (!Array.isArray(spec.intermediateVersions)) add('intermediateVersions', 'list', 'intermediateVersions must be a list of versions, one per intermediate minor');
    else {
      const minors = new Set<number>();
      spec.intermediateVersions.forEach((v, i) => {
        const path = `intermediateVersions[${i}]`;
        const parsed = typeof v === 'string' ? parseKubeVersion(defaultVersionPrefix(v.trim())) : undefined;
        if (!parsed) return add(path, 'version-format', `"${String(v)}" must be a Kubernetes version vMAJOR.MINOR.PATCH`);
        if (!target) return;
        if (parsed.major !== target.major || parsed.minor >= target.minor) {
          return add(path, 'campaign-intermediate-below-target', `${String(v)} is not an intermediate minor of targetVersion ${String(spec.targetVersion)}: list only versions of minors below the target's`);
        }
        if (minors.has(parsed.minor)) add(path, 'campaign-intermediate-one-per-minor', `a second version for v${parsed.major}.${parsed.minor}: list one version per minor`);
        minors.add(parsed.minor);
      });
    }
  }

  if (spec.clusters !== undefined) {
    if (!isObj(spec.clusters)) add('clusters', 'object', 'clusters must be an object with namespace and/or selector');
    else {
      strictKeys(spec.clusters, 'clusters', ['namespace', 'selector'], add);
      if (spec.clusters.namespace !== undefined) {
        const v = typeof spec.clusters.namespace === 'string' ? checkDns1123Label(spec.clusters.namespace) : { rule: 'dns1123-label', message: 'must be a string' };
        if (v) add('clusters.namespace', v.rule, v.message);
      }
      if (spec.clusters.selector !== undefined) checkSelector(spec.clusters.selector, 'clusters.selector', add);
    }
  }

  checkWaves(spec.waves, add);

  if (spec.maintenanceWindows !== undefined) {
    if (!Array.isArray(spec.maintenanceWindows)) add('maintenanceWindows', 'list', 'maintenanceWindows must be a list');
    else spec.maintenanceWindows.forEach((w, i) => checkMaintenanceWindow(w, `maintenanceWindows[${i}]`, add));
  }
  if (spec.exclusionWindows !== undefined) {
    if (!Array.isArray(spec.exclusionWindows)) add('exclusionWindows', 'list', 'exclusionWindows must be a list');
    else spec.exclusionWindows.forEach((w, i) => checkExclusionWindow(w, `exclusionWindows[${i}]`, add));
  }
  if (spec.upgradeTimeout !== undefined) checkDuration(spec.upgradeTimeout, 'upgradeTimeout', add, { min: 1, max: MAX_SOAK_SECONDS });
  return issues;
}

type Add = (path: string, rule: string, message: string) => void;

function strictKeys(o: Obj, path: string, allowed: readonly string[], add: Add): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) add(path ? `${path}.${k}` : k, 'unknown-field', `unknown field "${k}"; allowed here: ${allowed.join(', ')}`);
  }
}

function checkWaves(waves: unknown, add: Add): void {
  if (!isObj(waves)) return add('waves', 'required', 'waves is required: waves.byLabel (e.g. label: upgrade-wave) or waves.stages');
  const hasLabel = waves.byLabel !== undefined;
  const hasStages = waves.stages !== undefined;
  strictKeys(waves, 'waves', ['byLabel', 'stages'], add);
  if (hasLabel === hasStages) return add('waves', 'campaign-waves-one-of', 'give exactly one of waves.byLabel and waves.stages');
  if (hasLabel) {
    const b = waves.byLabel;
    if (!isObj(b)) return add('waves.byLabel', 'object', 'waves.byLabel must be an object with a label');
    strictKeys(b, 'waves.byLabel', ['label', 'order', 'defaults', 'overrides', 'groupByLabel', 'groupDefaults'], add);
    checkLabelKey(b.label, 'waves.byLabel.label', add, true);
    let order: string[] | undefined;
    if (b.order !== undefined) {
      if (!Array.isArray(b.order) || b.order.length === 0) add('waves.byLabel.order', 'list', 'order must be a non-empty list of label values');
      else {
        order = b.order.map(String);
        const seen = new Set<string>();
        b.order.forEach((v, i) => {
          const path = `waves.byLabel.order[${i}]`;
          if (typeof v !== 'string' || v === '') return add(path, 'label-value', 'wave values are non-empty strings (quote numbers: "1")');
          const bad = checkLabelValue(v);
          if (bad) add(path, bad.rule, bad.message);
          if (seen.has(v)) add(path, 'campaign-wave-duplicate', `wave "${v}" is listed twice`);
          seen.add(v);
        });
      }
    }
    if (b.defaults !== undefined) checkPolicy(b.defaults, 'waves.byLabel.defaults', add);
    if (b.overrides !== undefined) {
      if (!isObj(b.overrides)) add('waves.byLabel.overrides', 'object', 'overrides maps a wave value to its policy');
      else {
        for (const [wave, policy] of Object.entries(b.overrides)) {
          const path = `waves.byLabel.overrides.${wave}`;
          if (order && !order.includes(wave)) {
            add(path, 'campaign-unknown-wave', `unknown wave "${wave}": waves.byLabel.order lists ${order.map((o) => `"${o}"`).join(', ')}`);
          }
          checkPolicy(policy, path, add);
        }
      }
    }
    if (b.groupByLabel !== undefined) checkLabelKey(b.groupByLabel, 'waves.byLabel.groupByLabel', add, true);
    if (b.groupDefaults !== undefined) checkPolicy(b.groupDefaults, 'waves.byLabel.groupDefaults', add);
    return;
  }
  if (!Array.isArray(waves.stages) || waves.stages.length === 0) return add('waves.stages', 'list', 'waves.stages must be a non-empty list');
  const names = new Set<string>();
  waves.stages.forEach((stage, i) => {
    const path = `waves.stages[${i}]`;
    if (!isObj(stage)) return add(path, 'object', 'a stage is an object with name and selector');
    strictKeys(stage, path, ['name', 'selector', 'groups', 'groupByLabel', 'groupDefaults', 'maxConcurrency', 'maxAllowedFailures', 'soak', 'requireApproval'], add);
    checkName(stage.name, `${path}.name`, names, 'stage', add);
    if (stage.selector === undefined) add(`${path}.selector`, 'required', 'a stage needs a selector (an empty one, {}, selects every remaining cluster)');
    else checkSelector(stage.selector, `${path}.selector`, add);
    checkPolicy(stage, path, add, true);
    if (stage.groups !== undefined && stage.groupByLabel !== undefined) add(`${path}.groups`, 'campaign-groups-one-of', 'give groups or groupByLabel, not both');
    if (stage.groupByLabel !== undefined) checkLabelKey(stage.groupByLabel, `${path}.groupByLabel`, add, true);
    if (stage.groupDefaults !== undefined) checkPolicy(stage.groupDefaults, `${path}.groupDefaults`, add);
    if (stage.groups !== undefined) {
      if (!Array.isArray(stage.groups) || stage.groups.length === 0) return add(`${path}.groups`, 'list', 'groups must be a non-empty list');
      const groupNames = new Set<string>();
      stage.groups.forEach((g, j) => {
        const gp = `${path}.groups[${j}]`;
        if (!isObj(g)) return add(gp, 'object', 'a group is an object with name and selector');
        strictKeys(g, gp, ['name', 'selector', 'maxConcurrency', 'maxAllowedFailures', 'soak', 'requireApproval'], add);
        checkName(g.name, `${gp}.name`, groupNames, 'group', add);
        if (g.selector === undefined) add(`${gp}.selector`, 'required', 'a group needs a selector');
        else checkSelector(g.selector, `${gp}.selector`, add);
        checkPolicy(g, gp, add, true);
      });
    }
  });
}

function checkName(v: unknown, path: string, seen: Set<string>, what: string, add: Add): void {
  if (typeof v !== 'string' || v === '') return add(path, 'required', `a ${what} needs a name`);
  const bad = checkDns1123Label(v);
  if (bad) add(path, bad.rule, bad.message);
  if (seen.has(v)) add(path, `campaign-${what}-duplicate`, `${what} name "${v}" is used twice`);
  seen.add(v);
}

function checkLabelKey(v: unknown, path: string, add: Add, required: boolean): void {
  if (v === undefined) {
    if (required) add(path, 'required', `${path} is required (a label key such as upgrade-wave)`);
    return;
  }
  if (typeof v !== 'string') return add(path, 'label-key', 'must be a label key');
  const bad = checkQualifiedKey(v, 'label');
  if (bad) add(path, bad.rule, bad.message);
}

/** The policy fields of `o` (a policy object, or a stage/group that carries them inline). */
function checkPolicy(o: unknown, path: string, add: Add, inline = false): void {
  if (!isObj(o)) return add(path, 'object', 'a policy is an object (maxConcurrency, maxAllowedFailures, soak, requireApproval)');
  if (!inline) strictKeys(o, path, ['maxConcurrency', 'maxAllowedFailures', 'soak', 'requireApproval'], add);
  if (o.maxConcurrency !== undefined) {
    const bad = checkCount(o.maxConcurrency, 1);
    if (bad) add(`${path}.maxConcurrency`, 'campaign-max-concurrency', `maxConcurrency ${bad}: it must be at least 1 (a count, or a percentage of the clusters, rounded down to at least 1)`);
  }
  if (o.maxAllowedFailures !== undefined) {
    const bad = checkCount(o.maxAllowedFailures, 0);
    if (bad) add(`${path}.maxAllowedFailures`, 'campaign-max-allowed-failures', `maxAllowedFailures ${bad}: it is a count of 0 or more, or a percentage (rounded up)`);
  }
  if (o.soak !== undefined) checkDuration(o.soak, `${path}.soak`, add, { min: 0, max: MAX_SOAK_SECONDS });
  if (o.requireApproval !== undefined && typeof o.requireApproval !== 'boolean') add(`${path}.requireApproval`, 'boolean', 'requireApproval is true or false');
}

function checkDuration(v: unknown, path: string, add: Add, bounds: { min: number; max: number }): void {
  const seconds = typeof v === 'string' ? parseGoDuration(v) : undefined;
  if (seconds === undefined) return add(path, 'duration-format', `"${String(v)}" must be a Go duration such as "90m", "72h" or "0s"`);
  if (seconds < bounds.min) return add(path, 'duration-range', `${String(v)} is too short (at least ${bounds.min}s)`);
  if (seconds > bounds.max) return add(path, 'duration-range', `${String(v)} is longer than ${bounds.max / 3600}h (30 days), the cap`);
}

function checkSelector(v: unknown, path: string, add: Add): void {
  if (!isObj(v)) return add(path, 'label-selector', 'a selector is an object with matchLabels and/or matchExpressions');
  strictKeys(v, path, ['matchLabels', 'matchExpressions'], add);
  if (v.matchLabels !== undefined && v.matchLabels !== null) {
    if (!isObj(v.matchLabels)) add(`${path}.matchLabels`, 'label-selector', 'matchLabels maps label keys to values');
    else {
      for (const [k, value] of Object.entries(v.matchLabels)) {
        const badKey = checkQualifiedKey(k, 'label');
        if (badKey) add(`${path}.matchLabels.${k}`, badKey.rule, badKey.message);
        if (typeof value !== 'string') add(`${path}.matchLabels.${k}`, 'label-value', 'label values are strings (quote numbers: "1")');
        else {
          const bad = checkLabelValue(value);
          if (bad) add(`${path}.matchLabels.${k}`, bad.rule, bad.message);
        }
      }
    }
  }
  if (v.matchExpressions !== undefined) {
    if (!Array.isArray(v.matchExpressions)) return add(`${path}.matchExpressions`, 'label-selector', 'matchExpressions is a list');
    v.matchExpressions.forEach((e, i) => {
      const ep = `${path}.matchExpressions[${i}]`;
      if (!isObj(e)) return add(ep, 'label-selector', 'an expression has key, operator and values');
      checkLabelKey(e.key, `${ep}.key`, add, true);
      const op = e.operator;
      if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
        return add(`${ep}.operator`, 'label-selector-operator', `operator "${String(op)}" must be In, NotIn, Exists or DoesNotExist`);
      }
      const values = e.values;
      if ((op === 'In' || op === 'NotIn') && (!Array.isArray(values) || values.length === 0)) {
        add(`${ep}.values`, 'label-selector-values', `${op} needs a non-empty values list`);
      }
      if ((op === 'Exists' || op === 'DoesNotExist') && Array.isArray(values) && values.length > 0) {
        add(`${ep}.values`, 'label-selector-values', `${op} takes no values`);
      }
    });
  }
}

function checkMaintenanceWindow(w: unknown, path: string, add: Add): void {
  if (!isObj(w)) return add(path, 'object', 'a maintenance window has start ("HH:MM" UTC), duration and optional days and selector');
  strictKeys(w, path, ['name', 'selector', 'days', 'start', 'duration'], add);
  if (typeof w.start !== 'string' || parseClock(w.start) === undefined) add(`${path}.start`, 'clock-format', `start "${String(w.start)}" must be a UTC time of day "HH:MM", e.g. "02:00"`);
  checkDuration(w.duration, `${path}.duration`, add, { min: 60, max: 24 * 3600 });
  if (w.days !== undefined) {
    if (!Array.isArray(w.days) || w.days.length === 0) add(`${path}.days`, 'list', `days is a non-empty list of ${WEEKDAYS.join(', ')}`);
    else {
      w.days.forEach((d, i) => {
        if (!WEEKDAYS.includes(d as never)) add(`${path}.days[${i}]`, 'weekday', `"${String(d)}" is not one of ${WEEKDAYS.join(', ')}`);
      });
    }
  }
  if (w.selector !== undefined) checkSelector(w.selector, `${path}.selector`, add);
}

function checkExclusionWindow(w: unknown, path: string, add: Add): void {
  if (!isObj(w)) return add(path, 'object', 'an exclusion window has start and end (RFC 3339)');
  strictKeys(w, path, ['name', 'start', 'end'], add);
  for (const f of ['start', 'end'] as const) {
    const bad = typeof w[f] === 'string' ? checkRfc3339(w[f]) : { rule: 'time-format', message: `${f} is required, an RFC 3339 time` };
    if (bad) add(`${path}.${f}`, bad.rule, bad.message);
  }
  if (typeof w.start === 'string' && typeof w.end === 'string' && Date.parse(w.end) <= Date.parse(w.start)) {
    add(`${path}.end`, 'campaign-window-order', `end ${w.end} is not after start ${w.start}`);
  }
}
