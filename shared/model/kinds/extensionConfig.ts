import { z } from 'zod';
import { decodeBase64Text } from '../rules/base64';
import { violation } from '../rules/violation';
import { labelSelector } from './common/labelSelector';
import { addViolation } from './common/refine';
import { resourceSchema } from './common/resource';

/** Hosts an `http://` extension URL may name: plain HTTP never leaves the machine. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `spec.clientConfig.url`: where the Runtime Extension listens. CAPI requires `https`; Capstan
 * also accepts `http` to a loopback address, for an extension running beside the worker (the
 * request then never crosses a network). No query or fragment, as CAPI's webhook requires.
 */
export const extensionUrl = z.string().superRefine((raw, ctx) => {
  // A regex rather than URL: shared/ code also runs in the workflow sandbox.
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(raw);
  const authority = m?.[2] ?? '';
  const host = authority.replace(/^.*@/, '').replace(/:\d*$/, '').toLowerCase();
  if (!m || host === '') {
    addViolation(ctx, violation('extension-url', `url "${raw}" is not an absolute URL with a host`));
    return;
  }
  const scheme = (m[1] ?? '').toLowerCase();
  if (scheme !== 'https' && !(scheme === 'http' && LOOPBACK_HOSTS.has(host))) {
    addViolation(
      ctx,
      violation('extension-url-https', `url "${raw}" must use https (http is accepted only for localhost, 127.0.0.1 or [::1])`),
    );
  }
  if (m[4] !== undefined || m[5] !== undefined) {
    addViolation(ctx, violation('extension-url-plain', `url "${raw}" must not have a query or a fragment`));
  }
  if (authority.includes('@')) addViolation(ctx, violation('extension-url-no-userinfo', `url "${raw}" must not carry credentials`));
});

/** PEM certificates, base64-encoded as in a Kubernetes `caBundle` field. */
export const caBundle = z.string().superRefine((raw, ctx) => {
  const pem = decodeBase64Text(raw);
  if (pem === undefined || !pem.includes('-----BEGIN CERTIFICATE-----')) {
    addViolation(ctx, violation('extension-ca-bundle', 'caBundle must be base64-encoded PEM certificate(s)'));
  }
});

export const extensionConfigSpec = z
  .object({
    clientConfig: z
      .object({
        url: extensionUrl.optional(),
        service: z.record(z.string(), z.unknown()).optional(),
        caBundle: caBundle.optional(),
      })
      .strict()
      .superRefine((cc, ctx) => {
        if (cc.service !== undefined) {
          addViolation(
            ctx,
            violation(
              'extension-service-unsupported',
              'service is not supported: Capstan runs outside any management cluster and calls extensions by url; set clientConfig.url instead',
            ),
            ['service'],
          );
        } else if (cc.url === undefined) {
          addViolation(ctx, violation('extension-url-required', 'url is required'), ['url']);
        }
      }),
    /** clusters of the namespaces it selects (by `kubernetes.io/metadata.name`); unset = every namespace */
    namespaceSelector: labelSelector.optional(),
    /** passed as is in every request */
    settings: z.record(z.string(), z.string()).optional(),
  })
  .strict();

/**
 * runtime.cluster.x-k8s.io ExtensionConfig (v1alpha1, and v1beta2 of CAPI 1.11 with the same
 * fields): registers a Runtime Extension whose lifecycle hooks the clusters of the selected
 * namespaces call (capi-behaviour.md §7.5). Cluster-scoped in CAPI: a namespace given here is ignored.
 */
export const extensionConfigSchema = resourceSchema('ExtensionConfig', extensionConfigSpec);

export type ExtensionConfigObject = z.infer<typeof extensionConfigSchema>;
