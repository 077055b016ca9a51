import { parseCloudConfig } from '../../../../activities/bootstrap/cloudConfig';
import {
  BOOTSTRAP_SENTINEL,
  MarkerScanner,
  parseBootstrapStatus,
  planBootstrap,
  stepOutput,
} from '../../../../activities/providers/ssh/bootstrapScript';
import { shellJoin, shellQuote } from '../../../../activities/providers/ssh/shellQuote';

function steps(userData: string) {
  const r = parseCloudConfig(userData);
  if (!r.ok) throw new Error(r.problem);
  return r.config.steps;
}

const UD = `#cloud-config
write_files:
  - path: /etc/kubernetes/kubeadm.yaml
    permissions: '0600'
    content: |
      line one
      CAPSTAN_EOF
runcmd:
  - kubeadm init --config /etc/kubernetes/kubeadm.yaml
  - [ sh, -c, "echo it's done" ]
`;

describe('planBootstrap', () => {
  test('one step per file and command, in order, each with a content-addressed marker', () => {
    const plan = planBootstrap(steps(UD));
    expect(plan.steps.map((s) => [s.index, s.kind, s.description])).toEqual([
      [1, 'file', 'write /etc/kubernetes/kubeadm.yaml'],
      [2, 'command', 'kubeadm init --config /etc/kubernetes/kubeadm.yaml'],
      [3, 'command', "sh -c echo it's done"],
    ]);
    expect(plan.steps.every((s) => new RegExp(`^${s.index}-[0-9a-f]{16}$`).test(s.id))).toBe(true);
    expect(plan.script).toContain(`sentinel=${BOOTSTRAP_SENTINEL}`);
    // file content travels base64-encoded: a line that looks like the heredoc terminator is harmless
    expect(plan.script).not.toContain('line one');
    expect(plan.script).toContain(Buffer.from('line one\nCAPSTAN_EOF\n').toString('base64'));
    expect(plan.script).toContain(`sh -c 'echo it'\\''s done'`);
    // the sentinel is written after the last step
    expect(plan.script.lastIndexOf('run 3 ')).toBeLessThan(
      plan.script.indexOf('echo success > "$sentinel.tmp"'),
    );
  });

  test('deterministic; a changed step changes its marker and the nonce, not the others', () => {
    const a = planBootstrap(steps(UD));
    expect(planBootstrap(steps(UD))).toEqual(a);
    const b = planBootstrap(steps(UD.replace('kubeadm init', 'kubeadm join')));
    expect(b.steps[0]!.id).toBe(a.steps[0]!.id);
    expect(b.steps[1]!.id).not.toBe(a.steps[1]!.id);
    expect(b.steps[2]!.id).toBe(a.steps[2]!.id);
    expect(b.nonce).not.toBe(a.nonce);
  });
});

describe('MarkerScanner', () => {
  test('reads markers across chunk boundaries, only with its nonce', () => {
    const s = new MarkerScanner('abc123');
    s.push('##capstan-bootstrap abc123 begin\n##capstan-bootstrap abc123 step 1 sk');
    s.push('ip\n##capstan-bootstrap other step 2 failed 1\n##capstan-bootstrap abc123 step 2 start\nout\n');
    s.push('##capstan-bootstrap abc123 step 2 failed 3');
    expect(s.end()).toEqual({
      started: [2],
      ran: [],
      skipped: [1],
      began: true,
      failed: { index: 2, exitCode: 3 },
      complete: false,
      alreadyComplete: false,
    });
  });

  test('stepOutput is the failed step own output, markers removed', () => {
    const tail =
      'x\n##capstan-bootstrap n1 step 1 start\none\n##capstan-bootstrap n1 step 1 ok\n##capstan-bootstrap n1 step 2 start\ntwo\nE: broke\n##capstan-bootstrap n1 step 2 failed 1\n';
    expect(stepOutput(tail, 'n1', 2)).toBe('two\nE: broke\n');
  });
});

describe('parseBootstrapStatus', () => {
  test.each(['complete', 'running', 'none', 'interrupted'] as const)('%s', (s) => {
    expect(parseBootstrapStatus(`${s}\n`)).toEqual({ state: s });
  });

  test('failed: step, status, command and the log tail without markers', () => {
    expect(
      parseBootstrapStatus('failed\n2/3\n7\nkubeadm join\n---\n##capstan-bootstrap n step 2 start\nE: no\n'),
    ).toEqual({
      state: 'failed',
      step: '2/3',
      exitCode: 7,
      command: 'kubeadm join',
      outputTail: 'E: no',
    });
    expect(parseBootstrapStatus('what')).toBeUndefined();
  });
});

describe('shellQuote', () => {
  test.each([
    ['plain/path-1.yaml', 'plain/path-1.yaml'],
    ["it's", `'it'\\''s'`],
    ['a b', "'a b'"],
    ['$(rm -rf /)', "'$(rm -rf /)'"],
    ['', "''"],
  ])('%j → %s', (w, q) => expect(shellQuote(w)).toBe(q));

  test('shellJoin', () => expect(shellJoin(['sh', '-c', 'echo "x y"'])).toBe(`sh -c 'echo "x y"'`));
});
