// Validates Conveyor's Kubernetes manifests, as `./conveyor test` runs it (node .ci/validate-manifests.mjs):
// builds every kustomization under deploy/k8s with `kubectl kustomize` (without kubectl, reads the
// documents of the folders that need no building), checks each document against the schemas of
// Kubernetes, KEDA and Strimzi (kubernetes-models, pinned in package.json), then checks what
// Conveyor needs of them: probes, memory limits, non-root pods, a disruption budget for every
// Deployment, a worker grace period longer than its drain timeout, autoscaling that watches the
// workers' group on Conveyor's jobs topics within the partition count, and a Kafka that no one
// reaches in the clear or without credentials: TLS and SCRAM-SHA-512 on every listener, an
// authorizer, the apps and KEDA each signing in as a user of its own, with its password from a
// Secret (KafkaDeploymentSecurityTests checks the users' ACLs). Prints every problem found and
// exits with 1 if there is any.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const k8s = process.argv[2] ?? join(root, 'deploy', 'k8s');
const problems = [];

function kustomizations(dir) {
  const found = existsSync(join(dir, 'kustomization.yaml')) ? [dir] : [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      found.push(...kustomizations(path));
    }
  }
  return found;
}

function hasKubectl() {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function parse(text, source) {
  const docs = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      problems.push(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    } else if (doc.contents !== null) {
      docs.push(doc.toJS());
    }
  }
  return docs;
}

// A kustomization's documents: built, or read as they are where nothing needs building.
function documentsOf(dir, kubectl) {
  if (kubectl) {
    try {
      return parse(execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), dir);
    } catch (e) {
      problems.push(`${relative(root, dir)}: kubectl kustomize failed: ${e.stderr || e.message}`);
      return [];
    }
  }
  const kustomization = parse(readFileSync(join(dir, 'kustomization.yaml'), 'utf8'), dir)[0];
  if ((kustomization.resources ?? []).some((r) => r.startsWith('..')) || kustomization.patches) {
    console.log(`  ${relative(root, dir)}: skipped, building it needs kubectl`);
    return null;
  }
  return kustomization.resources.flatMap((file) => parse(readFileSync(join(dir, file), 'utf8'), join(dir, file)))
    .map((doc) => ({ ...doc, metadata: { namespace: kustomization.namespace, ...doc.metadata } }));
}

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : [null, apiVersion];
  const path = group === 'keda.sh' ? `@kubernetes-models/keda/keda.sh/${version}/${kind}`
    : group === 'kafka.strimzi.io' ? `@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/${version}/${kind}`
      : group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch {
    return null;
  }
}

async function checkSchema(doc, where) {
  const Model = await modelOf(doc.apiVersion ?? '', doc.kind ?? '');
  if (!Model) {
    problems.push(`${where}: no schema for apiVersion ${doc.apiVersion}, kind ${doc.kind}`);
    return;
  }
  try {
    new Model(doc).validate();
  } catch (e) {
    problems.push(`${where}: ${e.message}`);
  }
}

const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const seconds = (duration) => {
  const m = /^(\d+)(ms|s|m)?$/.exec(String(duration).trim());
  if (!m) return NaN;
  return Number(m[1]) * ({ ms: 0.001, s: 1, m: 60 }[m[2] ?? 's']);
};

// Whether the file a file: URL names is, in the container, on a read-only mount of a Secret.
function mountedFromSecret(location, container, pod) {
  const file = String(location ?? '').replace(/^file:/, '');
  const mount = (container.volumeMounts ?? []).find((m) => file.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
  const volume = mount && (pod.spec.volumes ?? []).find((v) => v.name === mount.name);
  return Boolean(mount?.readOnly && volume?.secret);
}

// What the Kafka of these documents requires, and how the apps and KEDA sign in to it.
function checkKafkaSecurity(docs, where, config) {
  const byKind = (kind) => docs.filter((d) => d.kind === kind);
  const users = new Map(byKind('KafkaUser').map((u) => [u.metadata.name, u]));
  const clusters = byKind('Kafka');
  for (const kafka of clusters) {
    const name = `${where} Kafka ${kafka.metadata.name}`;
    for (const l of kafka.spec.kafka.listeners) {
      if (!l.tls) problems.push(`${name}: listener ${l.name} takes clients in the clear (tls: false)`);
      if (!l.authentication) problems.push(`${name}: listener ${l.name} takes anyone (no authentication)`);
    }
    if (kafka.spec.kafka.authorization?.type !== 'simple') {
      problems.push(`${name}: no authorizer (authorization.type simple): every user could do anything`);
    }
  }
  for (const [userName, user] of users) {
    const name = `${where} KafkaUser ${userName}`;
    const cluster = user.metadata.labels?.['strimzi.io/cluster'];
    if (clusters.length > 0 && !clusters.some((k) => k.metadata.name === cluster)) {
      problems.push(`${name}: belongs to cluster ${cluster}, which is not here`);
    }
    if (user.spec.authentication?.type !== 'scram-sha-512') problems.push(`${name}: not a SCRAM-SHA-512 user`);
    if (user.spec.authorization?.type !== 'simple' || !(user.spec.authorization.acls?.length > 0)) {
      problems.push(`${name}: holds no ACLs, so it may do nothing`);
    }
  }
  for (const configMap of byKind('ConfigMap')) {
    for (const key of Object.keys(configMap.data ?? {}).filter((k) => /JAAS|PASSWORD/i.test(k))) {
      problems.push(`${where} ConfigMap ${configMap.metadata.name}: ${key} is a credential, which belongs in a Secret`);
    }
  }
  // Strimzi names a user's Secret after the user; without KafkaUsers here (a Kafka of your own,
  // whose Secrets are made by hand), any Secret will do.
  const isUsersSecret = (secret) => users.size === 0 || users.has(secret);
  const deployments = byKind('Deployment');
  if (deployments.length > 0) {
    if (config.SPRING_KAFKA_SECURITY_PROTOCOL !== 'SASL_SSL') {
      problems.push(`${where} ConfigMap conveyor-config: SPRING_KAFKA_SECURITY_PROTOCOL is ${config.SPRING_KAFKA_SECURITY_PROTOCOL}, not SASL_SSL`);
    }
    if (config.SPRING_KAFKA_PROPERTIES_SASL_MECHANISM !== 'SCRAM-SHA-512') {
      problems.push(`${where} ConfigMap conveyor-config: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM is not SCRAM-SHA-512`);
    }
  }
  for (const deployment of deployments) {
    const pod = deployment.spec.template;
    for (const container of pod.spec.containers) {
      const name = `${where} Deployment ${deployment.metadata.name}: container ${container.name}`;
      const jaas = (container.env ?? []).find((e) => e.name === 'SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG');
      const secret = jaas?.valueFrom?.secretKeyRef;
      if (!secret) {
        problems.push(`${name}: needs SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG from a Secret (its Kafka user's sasl.jaas.config)`);
      } else if (!isUsersSecret(secret.name)) {
        problems.push(`${name}: signs in with Secret ${secret.name}, which no KafkaUser here makes`);
      }
      if (config.SPRING_KAFKA_SSL_TRUSTSTORELOCATION && !mountedFromSecret(config.SPRING_KAFKA_SSL_TRUSTSTORELOCATION, container, pod)) {
        problems.push(`${name}: ${config.SPRING_KAFKA_SSL_TRUSTSTORELOCATION} (the Kafka CA) is not on a read-only mount of a Secret`);
      }
    }
  }
  const authentications = new Map(byKind('TriggerAuthentication').map((t) => [t.metadata.name, t.spec]));
  for (const object of byKind('ScaledObject')) {
    for (const trigger of object.spec.triggers.filter((t) => t.type === 'kafka')) {
      const name = `${where} ScaledObject ${object.metadata.name}`;
      const m = trigger.metadata ?? {};
      if (m.sasl !== 'scram_sha512' || m.tls !== 'enable') {
        problems.push(`${name}: reads the lag without TLS and SCRAM-SHA-512 (sasl: scram_sha512, tls: enable)`);
      }
      const auth = authentications.get(trigger.authenticationRef?.name);
      if (!auth) {
        problems.push(trigger.authenticationRef ? `${name}: its TriggerAuthentication ${trigger.authenticationRef.name} is not here`
          : `${name}: gives KEDA no Kafka credentials (authenticationRef)`);
        continue;
      }
      const refs = [...(auth.secretTargetRef ?? []), ...(auth.configMapTargetRef ?? [])];
      for (const parameter of ['username', 'password', 'ca']) {
        if (!refs.some((r) => r.parameter === parameter)) {
          problems.push(`${where} TriggerAuthentication ${trigger.authenticationRef.name}: gives KEDA no ${parameter}`);
        }
      }
      const password = (auth.secretTargetRef ?? []).find((r) => r.parameter === 'password');
      const username = (auth.configMapTargetRef ?? []).find((r) => r.parameter === 'username');
      const user = username && byKind('ConfigMap').find((c) => c.metadata.name === username.name)?.data?.[username.key];
      if (password && !isUsersSecret(password.name)) {
        problems.push(`${name}: takes KEDA's password from Secret ${password.name}, which no KafkaUser here makes`);
      }
      if (password && user && users.size > 0 && user !== password.name) {
        problems.push(`${name}: signs in as ${user} with the password of ${password.name}`);
      }
    }
  }
}

function checkConveyor(docs, where) {
  const byKind = (kind) => docs.filter((d) => d.kind === kind);
  const config = byKind('ConfigMap').find((c) => c.metadata.name === 'conveyor-config')?.data ?? {};
  const scaled = byKind('ScaledObject');
  checkKafkaSecurity(docs, where, config);
  for (const deployment of byKind('Deployment')) {
    const name = `${where} Deployment ${deployment.metadata.name}`;
    const pod = deployment.spec.template;
    if (!matches(deployment.spec.selector.matchLabels, pod.metadata.labels)) {
      problems.push(`${name}: its selector does not select its own pods`);
    }
    if (pod.spec.securityContext?.runAsNonRoot !== true) {
      problems.push(`${name}: pods must run as non-root (securityContext.runAsNonRoot)`);
    }
    for (const container of pod.spec.containers) {
      const ports = new Set((container.ports ?? []).map((p) => p.name));
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const port = container[probe]?.httpGet?.port;
        if (!container[probe]) {
          problems.push(`${name}: container ${container.name} has no ${probe}`);
        } else if (typeof port === 'string' && !ports.has(port)) {
          problems.push(`${name}: ${probe} of ${container.name} uses port ${port}, which the container does not name`);
        }
      }
      if (!container.resources?.requests?.memory || !container.resources?.limits?.memory) {
        problems.push(`${name}: container ${container.name} needs a memory request and limit (the JVM sizes its heap from it)`);
      }
    }
    const budgets = byKind('PodDisruptionBudget').filter((b) => matches(b.spec.selector.matchLabels, pod.metadata.labels));
    if (budgets.length !== 1) {
      problems.push(`${name}: needs exactly one PodDisruptionBudget, has ${budgets.length}`);
    }
    const autoscaled = scaled.some((s) => s.spec.scaleTargetRef.name === deployment.metadata.name);
    if (autoscaled && deployment.spec.replicas !== undefined) {
      problems.push(`${name}: KEDA sets its replicas; a replica count here would fight it on every apply`);
    }
    if (deployment.metadata.name === 'conveyor-worker') {
      const drain = seconds(config.CONVEYOR_WORKER_DRAINTIMEOUT ?? '30s');
      const grace = pod.spec.terminationGracePeriodSeconds ?? 30;
      if (!(grace >= drain + 10)) {
        problems.push(`${name}: terminationGracePeriodSeconds ${grace} must exceed the drain timeout (${drain} s) by 10 s or more`);
      }
    }
  }
  for (const service of byKind('Service')) {
    const targets = byKind('Deployment').filter((d) => matches(service.spec.selector, d.spec.template.metadata.labels));
    if (targets.length === 0) {
      problems.push(`${where} Service ${service.metadata.name}: selects no Deployment's pods`);
    }
  }
  for (const object of scaled) {
    const name = `${where} ScaledObject ${object.metadata.name}`;
    if (!byKind('Deployment').some((d) => d.metadata.name === object.spec.scaleTargetRef.name)) {
      problems.push(`${name}: scales ${object.spec.scaleTargetRef.name}, which is not here`);
    }
    const partitions = Number(config.CONVEYOR_TOPICS_PARTITIONS ?? 6);
    if ((object.spec.maxReplicaCount ?? 100) > partitions) {
      problems.push(`${name}: maxReplicaCount ${object.spec.maxReplicaCount} is more than the ${partitions} partitions a queue has`);
    }
    for (const trigger of object.spec.triggers) {
      const m = trigger.metadata ?? {};
      if (trigger.type !== 'kafka') continue;
      if (m.consumerGroup !== (config.CONVEYOR_WORKER_GROUPID ?? 'conveyor-workers')) {
        problems.push(`${name}: watches group ${m.consumerGroup}, not the workers' group`);
      }
      if (!/^conveyor\.jobs\.[a-z0-9][a-z0-9._-]*$/.test(m.topic ?? '')) {
        problems.push(`${name}: watches topic ${m.topic}, not a queue's jobs topic (conveyor.jobs.<queue>)`);
      }
      if (config.SPRING_KAFKA_BOOTSTRAPSERVERS && m.bootstrapServers !== config.SPRING_KAFKA_BOOTSTRAPSERVERS) {
        problems.push(`${name}: asks ${m.bootstrapServers} for the lag, the apps use ${config.SPRING_KAFKA_BOOTSTRAPSERVERS}`);
      }
    }
  }
  for (const kafka of byKind('Kafka')) {
    const listener = kafka.spec.kafka.listeners.find((l) => l.type === 'internal' && l.tls
      && l.authentication?.type === 'scram-sha-512');
    const bootstrap = listener && `${kafka.metadata.name}-kafka-bootstrap:${listener.port}`;
    if (config.SPRING_KAFKA_BOOTSTRAPSERVERS && bootstrap !== config.SPRING_KAFKA_BOOTSTRAPSERVERS) {
      problems.push(`${where} Kafka ${kafka.metadata.name}: serves ${bootstrap}, the apps use ${config.SPRING_KAFKA_BOOTSTRAPSERVERS}`);
    }
  }
}

const kubectl = hasKubectl();
console.log(`validating the manifests under ${relative(root, k8s) || k8s}${kubectl ? '' : ' (no kubectl: only what needs no building)'}`);
let checked = 0;
for (const dir of kustomizations(k8s)) {
  const where = relative(root, dir);
  const docs = documentsOf(dir, kubectl);
  if (docs === null) continue;
  for (const doc of docs) {
    await checkSchema(doc, `${where} ${doc.kind} ${doc.metadata?.name}`);
  }
  try {
    checkConveyor(docs, where);
  } catch (e) {
    problems.push(`${where}: not the shape Conveyor's checks expect (${e.message})`);
  }
  checked += docs.length;
  console.log(`  ${where}: ${docs.length} documents`);
}
if (checked === 0) {
  problems.push('no documents checked');
}
for (const problem of problems) {
  console.error(`  PROBLEM ${problem}`);
}
process.exit(problems.length === 0 ? 0 : 1);
