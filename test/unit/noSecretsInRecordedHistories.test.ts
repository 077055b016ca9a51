import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSecrets, recordedHistoryText } from '../support/secretScan';

/** Every recorded history (test/histories, real runs) is free of keys, tokens and kubeconfigs. */
describe('recorded histories hold no secrets', () => {
  const dir = join(__dirname, '..', 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('index'));

  it('has histories to scan', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files)('%s', (file) => {
    expect(findSecrets(recordedHistoryText(readFileSync(join(dir, file), 'utf8')))).toEqual([]);
  });

  it('the scanner finds a token and a key when they are there', () => {
    const leaked = JSON.stringify({ data: Buffer.from('{"token":"abcdef.0123456789abcdef","key":"-----BEGIN RSA PRIVATE KEY-----"}').toString('base64') });
    expect(findSecrets(recordedHistoryText(leaked))).toEqual(['PEM private key', 'kubeadm bootstrap token']);
  });
});
