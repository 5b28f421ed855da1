package dev.conveyor.common.kafka;

import dev.conveyor.common.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a secure Kafka cluster Conveyor's identities, as its admin: the SCRAM-SHA-512 credentials of
 * the users {@code gateway} and {@code worker} (set again on every run, so a changed password file
 * rotates a password) and their ACLs ({@link KafkaAcls}). The launcher runs it once the broker
 * listens: {@code java -cp <common jar>:<kafka libs> dev.conveyor.common.kafka.KafkaAccessSetup
 * <bootstrap servers> <security folder> <topic prefix> <workers' group>}, where the security folder
 * holds {@code ca.pem} and the users' {@code <user>.password} files.
 */
public final class KafkaAccessSetup {

    private static final Logger log = LoggerFactory.getLogger(KafkaAccessSetup.class);
    static final String ADMIN = "admin";
    static final String GATEWAY = "gateway";
    static final String WORKER = "worker";
    /** Above Kafka's minimum of 4096 for SCRAM-SHA-512. */
    private static final int ITERATIONS = 8192;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private KafkaAccessSetup() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "usage: KafkaAccessSetup <bootstrap servers> <security folder> <topic prefix> <workers' group>");
        }
        Path folder = Path.of(args[1]);
        Topics topics = new Topics(args[2]);
        String workerGroup = args[3];
        try (Admin admin = Admin.create(adminConfig(args[0], folder))) {
            admin.alterUserScramCredentials(List.of(scram(GATEWAY, folder), scram(WORKER, folder)))
                    .all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<AclBinding> acls = new ArrayList<>(KafkaAcls.gateway(GATEWAY, topics, workerGroup));
            acls.addAll(KafkaAcls.worker(WORKER, topics, workerGroup));
            admin.createAcls(acls).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Users {} and {} and their {} ACLs on topics {}* and group {} are in place", GATEWAY, WORKER,
                    acls.size(), topics.allPrefix(), workerGroup);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not set Kafka's users and ACLs as " + ADMIN + ": " + e.getCause(),
                    e.getCause());
        }
    }

    private static Map<String, Object> adminConfig(String bootstrapServers, Path folder) throws IOException {
        Map<String, Object> config = new HashMap<>(clientConfig(folder, ADMIN));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return config;
    }

    /** The client settings of {@code user} on the secure listener: TLS trusting {@code ca.pem}, SCRAM-SHA-512. */
    static Map<String, Object> clientConfig(Path folder, String user) throws IOException {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, folder.resolve("ca.pem").toString(),
                SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512",
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + user + "\" password=\"" + password(folder, user) + "\";");
    }

    private static UserScramCredentialUpsertion scram(String user, Path folder) throws IOException {
        return new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS),
                password(folder, user));
    }

    private static String password(Path folder, String user) throws IOException {
        Path file = folder.resolve(user + ".password");
        String password = Files.readString(file).strip();
        if (password.isEmpty()) {
            throw new IllegalStateException(file + " is empty");
        }
        return password;
    }
}
