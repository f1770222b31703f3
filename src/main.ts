import { App, Chart, type ChartProps } from 'cdk8s';
import { Deployment, StatefulSet } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';
import { AppService } from './constructs/app-service';
import { runApp, synthAndReport, synthSummary } from './synth/run-app';

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
 * dist/), as {@link runApp} does, and returns the exit status without setting it: 1 when
 * synthesis fails (findings on stderr, no stack trace, the output directory left as it was).
 */
export function main(build: () => App = () => buildExampleApp()): number {
  return synthAndReport(build);
}

/** One line for stderr: what was written where, e.g. `wrote dist/ (1 file, 13 objects, 6 Services)`. */
export const summary = synthSummary;

// `npm run synth` and `npx cdk8s synth` run this file.
if (require.main === module) {
  runApp(() => buildExampleApp());
}
