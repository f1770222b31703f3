import { App, Chart, type ChartProps } from 'cdk8s';
import { Deployment, StatefulSet } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { AppService } from './constructs/app-service';
import { formatObjectFindings } from './synth/check';
import * as path from 'path';
import { synthesize, SynthError, type SynthResult } from './synth/synthesize';

/**
 * The example app: the Services a typical web application needs, one of each kind.
 *
 * - `api`: a Deployment behind a ClusterIP Service on a named targetPort, with client-IP affinity;
 * - `gateway`: a multi-port Service (unnamed ports are named after their targetPort);
 * - `db`: a headless Service that governs a StatefulSet (stable per-pod DNS names);
 * - `admin`: a NodePort Service on a fixed node port;
 * - `public`: a LoadBalancer restricted to two client ranges, keeping client source IPs;
 * - `billing`: an ExternalName alias for a service outside the cluster.
 */
export class ExampleChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);

    const api = new Deployment(this, 'api-workload', {
      replicas: 2,
      containers: [{ name: 'api', image: 'ghcr.io/example/api:1.4.2', ports: [{ number: 8080, name: 'http' }] }],
    });
    new AppService(this, 'api', {
      target: api,
      ports: ['80:http'],
      sessionAffinity: 'ClientIP',
      sessionAffinityTimeoutSeconds: 3600,
    });

    const gateway = new Deployment(this, 'gateway-workload', {
      replicas: 2,
      containers: [
        {
          name: 'gateway',
          image: 'ghcr.io/example/gateway:2.0.1',
          ports: [
            { number: 8080, name: 'http' },
            { number: 8443, name: 'https' },
            { number: 9090, name: 'metrics' },
          ],
        },
      ],
    });
    new AppService(this, 'gateway', {
      target: gateway,
      labels: { 'app.kubernetes.io/component': 'gateway' },
      ports: ['80:http', '443:https', { port: 9090, targetPort: 'metrics', name: 'metrics', appProtocol: 'http' }],
    });

    const db = new StatefulSet(this, 'db-workload', {
      replicas: 3,
      containers: [{ name: 'postgres', image: 'postgres:16.4', ports: [{ number: 5432, name: 'postgres' }] }],
    });
    new AppService(this, 'db', {
      target: db,
      headless: true,
      publishNotReadyAddresses: true,
      ports: ['5432:postgres'],
    });

    new AppService(this, 'admin', {
      type: 'NodePort',
      target: api,
      ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }],
    });

    new AppService(this, 'public', {
      type: 'LoadBalancer',
      target: gateway,
      ports: ['443:https'],
      loadBalancerSourceRanges: ['203.0.113.0/24', '198.51.100.0/24'],
      externalTrafficPolicy: 'Local',
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
    });

    new AppService(this, 'billing', {
      externalName: 'billing.payments.example.com',
    });
  }
}

/** Builds the example app into `app` (a new App by default). */
export function buildExampleApp(app: App = new App()): App {
  new ExampleChart(app, 'example');
  return app;
}

/**
 * Synthesizes the app `build` returns (the example app by default) into `CDK8S_OUTDIR` (or
 * dist/). Findings go to stderr, without stack traces. Returns the exit status: 1 when synthesis
 * fails, and then the output directory is left as it was.
 */
export function main(build: () => App = () => buildExampleApp()): number {
  try {
    const result = synthesize(build());
    if (result.warnings.length > 0) process.stderr.write(`${formatObjectFindings(result.warnings)}\n`);
    process.stderr.write(`${summary(result)}\n`);
    return 0;
  } catch (err: unknown) {
    if (err instanceof SynthError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    return 1;
  }
}

/** One line for stderr: what was written where, e.g. `wrote dist/ (1 file, 13 objects, 6 Services)`. */
export function summary(result: SynthResult): string {
  const dir = path.relative(process.cwd(), result.outdir) || '.';
  const files = result.files.size;
  const objects = result.objects.length;
  const services = result.objects.filter((o) => o.manifest['kind'] === 'Service' && o.manifest['apiVersion'] === 'v1').length;
  const counts = `${files} file${files === 1 ? '' : 's'}, ${objects} object${objects === 1 ? '' : 's'}, ${services} Service${services === 1 ? '' : 's'}`;
  return result.changed ? `wrote ${dir}/ (${counts})` : `${dir}/ is up to date (${counts})`;
}

if (require.main === module) {
  process.exitCode = main();
}
