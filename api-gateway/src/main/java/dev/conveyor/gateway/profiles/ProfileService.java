package dev.conveyor.gateway.profiles;

import dev.conveyor.common.profiles.Profile;
import dev.conveyor.common.topics.Topics;
import dev.conveyor.gateway.system.GatewayProperties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/** Creates, changes and deletes profiles, stored on the compacted profiles topic. */
@Service
class ProfileService {

    private static final Logger log = LoggerFactory.getLogger(ProfileService.class);

    private final ProfileCatalog catalog;
    private final KafkaTemplate<String, Object> kafka;
    private final Topics topics;
    private final GatewayProperties properties;

    ProfileService(ProfileCatalog catalog, KafkaTemplate<String, Object> kafka, Topics topics,
            GatewayProperties properties) {
        this.catalog = catalog;
        this.kafka = kafka;
        this.topics = topics;
        this.properties = properties;
    }

    /** Version 1 of a new profile; 409 when the id is taken. */
    synchronized Profile create(Profile profile) {
        if (catalog.find(profile.id()).isPresent()) {
            throw problem(HttpStatus.CONFLICT, "Profile exists", "a profile '" + profile.id()
                    + "' exists already; change it with PUT");
        }
        return save(profile.withVersion(1));
    }

    /** The next version of profile {@code id}, which must exist unless {@code orCreate}. */
    synchronized Profile replace(String id, Profile profile, boolean orCreate) {
        if (!id.equals(profile.id())) {
            throw problem(HttpStatus.BAD_REQUEST, "Invalid profile", "the profile's id '" + profile.id()
                    + "' is not the path's '" + id + "': a profile is not renamed");
        }
        Profile known = catalog.find(id).orElse(null);
        if (known == null && !orCreate) {
            throw notFound(id);
        }
        if (known != null && known.equals(profile.withVersion(known.version()))) {
            return known;
        }
        return save(profile.withVersion(known == null ? 1 : known.version() + 1));
    }

    synchronized void delete(String id) {
        catalog.find(id).orElseThrow(() -> notFound(id));
        send(id, null);
        catalog.remove(id);
        log.info("Deleted profile {}", id);
    }

    private Profile save(Profile profile) {
        send(profile.id(), profile);
        catalog.put(profile);
        log.info("Saved profile {} version {}", profile.id(), profile.version());
        return profile;
    }

    private void send(String id, Profile profile) {
        try {
            kafka.send(topics.profiles(), id, profile).get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw unsaved(id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unsaved(id, e);
        }
    }

    static ErrorResponseException notFound(String id) {
        return problem(HttpStatus.NOT_FOUND, "Profile not found", "no profile with id '" + id + "'");
    }

    private static ErrorResponseException unsaved(String id, Throwable cause) {
        ErrorResponseException e = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE,
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "Kafka did not acknowledge the change of profile '" + id + "'; try again later"), cause);
        e.getBody().setTitle("Profile not saved");
        e.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return e;
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
