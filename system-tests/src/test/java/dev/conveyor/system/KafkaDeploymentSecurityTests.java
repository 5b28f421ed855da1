package dev.conveyor.system;

import static dev.conveyor.system.DeployedKafka.is;
import static dev.conveyor.system.DeployedKafka.list;
import static dev.conveyor.system.DeployedKafka.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.common.kafka.KafkaAccessSetup;
import dev.conveyor.common.kafka.KafkaAcls;
import dev.conveyor.system.DeployedKafka.Names;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.junit.jupiter.api.Test;

/**
 * The Kafka that deploy/docker-compose.yml and deploy/k8s run is secured as the launcher's
 * {@code --secure} broker is: no listener takes a client in the clear or without credentials, an
 * authorizer denies what no ACL allows, and each role's user holds exactly the ACLs
 * {@link KafkaAcls} grants that role. From the files alone: no Docker engine, no cluster.
 */
class KafkaDeploymentSecurityTests {

    private static final String JAAS = "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG";

    @Test
    void strimziUsersHoldExactlyTheAclsKafkaAclsGrantsTheRoleThatUsesThem() throws IOException {
        Names names = Names.boundFrom(DeployedKafka.appConfig("production"));
        assertThat(names.gatewaysWorkerGroup()).as("the gateways' idea of the workers' group")
                .isEqualTo(names.workerGroup());
        String gateway = jaasSecretOf("conveyor-gateway");
        String worker = jaasSecretOf("conveyor-worker");
        String autoscaler = autoscalerUser();
        Map<String, List<AclBinding>> roles = Map.of(
                gateway, KafkaAcls.gateway(gateway, names.topics(), names.workerGroup()),
                worker, KafkaAcls.worker(worker, names.topics(), names.workerGroup()),
                autoscaler, KafkaAcls.autoscaler(autoscaler, names.topics(), names.workerGroup()));

        Map<String, Set<AclBinding>> users = new HashMap<>();
        for (Map<String, Object> doc : DeployedKafka.k8sDocuments("kafka")) {
            if ("KafkaUser".equals(doc.get("kind"))) {
                Object name = map(doc, "metadata").get("name");
                users.put(String.valueOf(name), DeployedKafka.aclsOf(doc));
                assertThat(map(map(doc, "spec"), "authentication")).as("how KafkaUser %s signs in", name)
                        .containsEntry("type", "scram-sha-512");
            }
        }
        assertThat(users).as("the KafkaUsers of deploy/k8s/kafka: one per role").containsOnlyKeys(roles.keySet());
        roles.forEach((user, acls) -> assertThat(users.get(user)).as("the ACLs of KafkaUser %s", user)
                .containsExactlyInAnyOrderElementsOf(acls));
    }

    @Test
    void noListenerOfTheComposeBrokerOrTheStrimziClusterIsPlaintextOrOpenToAll() throws IOException {
        Properties broker = DeployedKafka.composeBrokerSettings();
        Map<String, String> protocols = new HashMap<>();
        for (String pair : broker.getProperty("listener.security.protocol.map", "").split(",")) {
            String[] nameAndProtocol = pair.split(":");
            if (nameAndProtocol.length == 2) {
                protocols.put(nameAndProtocol[0].strip(), nameAndProtocol[1].strip());
            }
        }
        Set<String> controllers = Set.of(broker.getProperty("controller.listener.names", "").split(","));
        // Kafka's own default when no listener is named: one in the clear.
        for (String listener : broker.getProperty("listeners", "PLAINTEXT://:9092").split(",")) {
            String name = listener.substring(0, listener.indexOf("://")).strip();
            String protocol = protocols.getOrDefault(name, name);
            if (controllers.contains(name)) {
                // KRaft's controller cannot read SCRAM credentials: TLS with a certificate of the CA instead.
                assertThat(protocol).as("the compose broker's controller listener %s", name).isEqualTo("SSL");
                String clientAuth = broker.getProperty("listener.name." + name.toLowerCase() + ".ssl.client.auth",
                        broker.getProperty("ssl.client.auth", "none"));
                assertThat(clientAuth).as("client certificates on %s", name).isEqualTo("required");
            } else {
                assertThat(protocol).as("the compose broker's listener %s", name).isEqualTo("SASL_SSL");
            }
        }
        assertThat(broker.getProperty("sasl.enabled.mechanisms")).as("the compose broker's SASL")
                .isEqualTo("SCRAM-SHA-512");
        assertThat(broker.getProperty("authorizer.class.name")).as("the compose broker's authorizer")
                .isEqualTo(StandardAuthorizer.class.getName());
        assertThat(broker.getProperty("allow.everyone.if.no.acl.found", "false")).isEqualTo("false");

        List<Map<String, Object>> clusters = DeployedKafka.k8sDocuments("kafka").stream()
                .filter(doc -> "Kafka".equals(doc.get("kind"))).toList();
        assertThat(clusters).as("the Strimzi cluster").isNotEmpty();
        for (Map<String, Object> cluster : clusters) {
            Map<String, Object> kafka = map(map(cluster, "spec"), "kafka");
            for (Object item : list(kafka.get("listeners"))) {
                Map<String, Object> listener = map(item);
                Object name = listener.get("name");
                assertThat(listener.get("tls")).as("TLS on the Strimzi listener %s", name).isEqualTo(true);
                assertThat(map(listener, "authentication")).as("authentication on the Strimzi listener %s", name)
                        .containsEntry("type", "scram-sha-512");
            }
            assertThat(map(kafka, "authorization")).as("the Strimzi cluster's authorizer")
                    .containsEntry("type", "simple");
        }
    }

    @Test
    void composeAppsSignInAsTheirOwnUsersOnceTheAccessSetupHasCoveredTheirTopicsAndGroup() throws IOException {
        Map<String, Map<String, Object>> services = DeployedKafka.composeServices();
        Map<String, Object> access = services.get("kafka-access");
        assertThat(access).as("a one-shot service that gives Kafka the apps' users and ACLs").isNotNull();
        assertThat(list(access.get("entrypoint"))).contains(KafkaAccessSetup.class.getName());
        List<Object> arguments = list(access.get("command"));
        assertThat(arguments).as("KafkaAccessSetup's bootstrap servers, folder, topic prefix and workers' group")
                .hasSize(4);

        for (String app : List.of("gateway", "worker")) {
            Map<String, Object> service = services.get(app);
            Map<String, Object> environment = map(service, "environment");
            Names names = Names.boundFrom(environment);
            String group = app.equals("gateway") ? names.gatewaysWorkerGroup() : names.workerGroup();
            assertThat(arguments.subList(2, 4)).as("the names the access setup covers, as %s is given them", app)
                    .containsExactly(names.topics().prefix(), group);
            assertThat(environment).as("how %s reaches Kafka", app)
                    .containsEntry("SPRING_KAFKA_BOOTSTRAPSERVERS", arguments.getFirst())
                    .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
            // Compose reads $$ as a $: Spring then fills the password in from its secret file.
            assertThat(String.valueOf(environment.get(JAAS)).replace("$$", "$")).as("%s's JAAS line", app)
                    .contains("username=\"" + app + "\"").containsPattern("password=\"\\$\\{[^}]+}\"");
            assertThat(map(map(service, "depends_on"), "kafka-access")).as("%s starts after the access setup", app)
                    .containsEntry("condition", "service_completed_successfully");
        }
    }

    /** The Secret a base Deployment reads its JAAS line from: Strimzi names a user's Secret after the user. */
    private static String jaasSecretOf(String deployment) throws IOException {
        for (Map<String, Object> doc : DeployedKafka.k8sDocuments("base")) {
            if (is(doc, "Deployment", deployment)) {
                Map<String, Object> pod = map(map(map(doc, "spec"), "template"), "spec");
                for (Object item : list(map(list(pod.get("containers")).getFirst()).get("env"))) {
                    Map<String, Object> variable = map(item);
                    if (JAAS.equals(variable.get("name"))) {
                        Map<String, Object> secret = map(map(variable, "valueFrom"), "secretKeyRef");
                        assertThat(secret).as("%s's JAAS line comes from a Secret's sasl.jaas.config", deployment)
                                .containsEntry("key", "sasl.jaas.config");
                        return String.valueOf(secret.get("name"));
                    }
                }
            }
        }
        throw new AssertionError("Deployment " + deployment + " in deploy/k8s/base has no " + JAAS);
    }

    /** The user KEDA signs in as: a ConfigMap's value, since a Strimzi user's Secret holds no name. */
    private static String autoscalerUser() throws IOException {
        List<Map<String, Object>> base = DeployedKafka.k8sDocuments("base");
        for (Map<String, Object> doc : base) {
            if ("TriggerAuthentication".equals(doc.get("kind"))) {
                for (Object item : list(map(doc, "spec").get("configMapTargetRef"))) {
                    Map<String, Object> ref = map(item);
                    if ("username".equals(ref.get("parameter"))) {
                        return base.stream().filter(d -> is(d, "ConfigMap", ref.get("name")))
                                .map(d -> String.valueOf(map(d, "data").get(ref.get("key")))).findFirst()
                                .orElseThrow(() -> new AssertionError("no ConfigMap " + ref.get("name")));
                    }
                }
            }
        }
        throw new AssertionError("no TriggerAuthentication in deploy/k8s/base gives KEDA a Kafka user name");
    }
}
