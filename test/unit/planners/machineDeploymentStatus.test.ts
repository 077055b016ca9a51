import { compileManifestTextOrThrow } from '../../../shared/model';
import { summarizeMachineDeployment, type MachineDeploymentSummaryInput } from '../../../shared/planners/machineDeploymentStatus';
import { getCondition } from '../../../shared/status/conditions';
import { simClusterYaml } from '../../../scripts/manifests/simClusterYaml';
import { machine } from './fixtures';

const NOW = '2026-03-01T12:00:00.000Z';
const spec = compileManifestTextOrThrow(simClusterYaml({ name: 'c1', workers: 2, version: 'v1.31.4' }), 'c1.yaml')[0]!.machineDeployments[0]!;
const HOLD = 'c1-md-0-abc: Performing "Scale up" on hold because ControlPlane KubeadmControlPlane default/c1-cp is upgrading ("ControlPlaneIsStable" preflight failed). The operation will continue after the preflight check(s) pass';

function input(patch: Partial<MachineDeploymentSummaryInput> = {}): MachineDeploymentSummaryInput {
  return {
    spec,
    specVersion: 2,
    machineSets: [{ name: 'c1-md-0-abc', revision: 1, machines: [machine('c1-md-0-abc-x', { lastUpdated: '2026-03-01T11:00:00.000Z' })] }],
    deleting: false,
    reason: HOLD,
    now: NOW,
    ...patch,
  };
}

describe('summarizeMachineDeployment: MachineSet preflight holds', () => {
  it('a held scale up shows MachinesCreated=False/PreflightCheckFailed with the checks\' message, and in ScalingUp', () => {
    const st = summarizeMachineDeployment(input({ preflightHold: HOLD }));
    expect(getCondition(st.conditions, 'MachinesCreated')).toMatchObject({ status: 'False', reason: 'PreflightCheckFailed', message: HOLD });
    expect(getCondition(st.conditions, 'ScalingUp')).toMatchObject({ status: 'True', message: HOLD });
  });

  it('no hold, no MachinesCreated condition; a deleting MachineDeployment shows none either', () => {
    expect(getCondition(summarizeMachineDeployment(input()).conditions, 'MachinesCreated')).toBeUndefined();
    expect(getCondition(summarizeMachineDeployment(input({ preflightHold: HOLD, deleting: true })).conditions, 'MachinesCreated')).toBeUndefined();
  });
});

describe('summarizeMachineDeployment: upToDateReplicas', () => {
  it('counts the live machines of the MachineSet whose template hash is the spec\'s', () => {
    const st = summarizeMachineDeployment(
      input({
        templateHash: 'new',
        machineSets: [
          { name: 'c1-md-0-old', revision: 1, templateHash: 'old', machines: [machine('o1'), machine('o2')] },
          { name: 'c1-md-0-new', revision: 2, templateHash: 'new', machines: [machine('n1'), machine('n2', { deletionRequestedAt: NOW })] },
        ],
      }),
    );
    expect(st.upToDateReplicas).toBe(1);
    expect(st.replicas).toBe(4);
  });

  it('absent when the caller does not say which template is current (reports recorded before)', () => {
    expect(summarizeMachineDeployment(input()).upToDateReplicas).toBeUndefined();
  });
});
