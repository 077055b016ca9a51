import { utils } from 'ssh2';

/**
 * An ed25519 key pair from ssh2 that ssh2 itself can parse again. ssh2's keygen strips leading
 * zero bytes from the public key, so about 1 pair in 256 is malformed ("Malformed OpenSSH
 * private key"; mscdex/ssh2#1390, #1513): a test that drew one failed at random (seen in CI).
 */
export function ed25519KeyPair(comment?: string): { private: string; public: string } {
  for (;;) {
    const k = utils.generateKeyPairSync('ed25519', comment === undefined ? {} : { comment });
    if (!(utils.parseKey(k.private) instanceof Error) && !(utils.parseKey(k.public) instanceof Error)) return k;
  }
}
