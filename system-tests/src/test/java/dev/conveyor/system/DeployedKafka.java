package dev.conveyor.system;

import dev.conveyor.common.topics.Topics;
import dev.conveyor.common.topics.TopicsProperties;
import dev.conveyor.gateway.system.GatewayProperties;
import dev.conveyor.worker.system.WorkerProperties;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kafka of deploy/'s compose file and Kubernetes manifests as their files declare it, read
 * without an engine or a cluster. SnakeYAML rather than Jackson reads them, since the compose file
 * shares settings between services through anchors and merge keys ({@code <<: *app}), which only
 * SnakeYAML resolves.
 */
final class DeployedKafka {

    static final Path DEPLOY = LocalPorts.projectRoot().resolve("deploy");

    private DeployedKafka() {
    }

    /**
     * The topic names and workers' group the apps bind from {@code env}, their own defaults where it
     * is silent.
     */
    record Names(Topics topics, String workerGroup, String gatewaysWorkerGroup) {

        static Names boundFrom(Map<String, ?> env) {
            // Bound as the apps bind their environment variables (CONVEYOR_TOPICS_PREFIX and the like).
            Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(env))));
            return new Names(binder.bindOrCreate("conveyor.topics", TopicsProperties.class).names(),
                    binder.bindOrCreate("conveyor.worker", WorkerProperties.class).groupId(),
                    binder.bindOrCreate("conveyor.gateway", GatewayProperties.class).workerGroupId());
        }
    }

    /** The services of deploy/docker-compose.yml, by name, with anchors and merge keys resolved. */
    static Map<String, Map<String, Object>> composeServices() throws IOException {
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        map(load(DEPLOY.resolve("docker-compose.yml")).getFirst(), "services")
                .forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    /**
     * What the compose file's broker runs with: its {@code KAFKA_*} variables, as Apache Kafka's image
     * turns them into settings ({@code KAFKA_LISTENER_SECURITY_PROTOCOL_MAP} is
     * {@code listener.security.protocol.map}), and every properties file mounted into it.
     */
    static Properties composeBrokerSettings() throws IOException {
        Map<String, Object> kafka = composeServices().get("kafka");
        Properties settings = new Properties();
        Object environment = kafka.getOrDefault("environment", Map.of());
        for (Map.Entry<String, Object> variable : map(environment).entrySet()) {
            if (variable.getKey().startsWith("KAFKA_")) {
                settings.setProperty(variable.getKey().substring("KAFKA_".length()).toLowerCase().replace('_', '.')
                        .replace("...", "-").replace("..", "_"), String.valueOf(variable.getValue()));
            }
        }
        for (Object volume : list(kafka.getOrDefault("volumes", List.of()))) {
            String source = String.valueOf(volume).split(":")[0];
            if (source.endsWith(".properties")) {
                try (Reader reader = Files.newBufferedReader(DEPLOY.resolve(source).normalize())) {
                    settings.load(reader);
                }
            }
        }
        return settings;
    }

    /** Every document of the YAML files in deploy/k8s/{@code folder}, in file order. */
    static List<Map<String, Object>> k8sDocuments(String folder) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(DEPLOY.resolve("k8s").resolve(folder))) {
            files = listed.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml"))
                    .sorted().toList();
        }
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Path file : files) {
            documents.addAll(load(file));
        }
        return documents;
    }

    /** The data of the apps' ConfigMap conveyor-config in the base, as {@code overlay}'s patch leaves it. */
    static Map<String, Object> appConfig(String overlay) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        for (String folder : List.of("base", "overlays/" + overlay)) {
            k8sDocuments(folder).stream()
                    .filter(doc -> is(doc, "ConfigMap", "conveyor-config"))
                    .forEach(doc -> data.putAll(map(doc, "data")));
        }
        return data;
    }

    /**
     * The ACLs a Strimzi KafkaUser asks for, as the bindings its user operator creates: principal
     * {@code User:<name>}, a rule's type {@code allow} and host {@code *} unless it says otherwise.
     */
    static Set<AclBinding> aclsOf(Map<String, Object> kafkaUser) {
        String principal = "User:" + map(kafkaUser, "metadata").get("name");
        Set<AclBinding> bindings = new HashSet<>();
        Map<String, Object> authorization = map(map(kafkaUser, "spec").getOrDefault("authorization", Map.of()));
        for (Object item : list(authorization.getOrDefault("acls", List.of()))) {
            Map<String, Object> rule = map(item);
            Map<String, Object> resource = map(rule, "resource");
            ResourcePattern pattern = new ResourcePattern(ResourceType.fromString(String.valueOf(resource.get("type"))),
                    String.valueOf(resource.get("name")),
                    "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED : PatternType.LITERAL);
            AclPermissionType permission =
                    AclPermissionType.fromString(String.valueOf(rule.getOrDefault("type", "allow")));
            String host = String.valueOf(rule.getOrDefault("host", "*"));
            for (Object operation : list(rule.get("operations"))) {
                bindings.add(new AclBinding(pattern, new AccessControlEntry(principal, host,
                        AclOperation.fromString(String.valueOf(operation)), permission)));
            }
        }
        return bindings;
    }

    /** Whether a Kubernetes document is the {@code kind} named {@code name}. */
    static boolean is(Map<String, Object> document, String kind, Object name) {
        return kind.equals(document.get("kind")) && map(document, "metadata").get("name").equals(name);
    }

    static List<Map<String, Object>> load(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (Object document : yaml.loadAll(new StringReader(Files.readString(file)))) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return map(parent.getOrDefault(key, Map.of()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
