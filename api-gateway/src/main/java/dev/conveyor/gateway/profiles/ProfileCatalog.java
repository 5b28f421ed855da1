package dev.conveyor.gateway.profiles;

import dev.conveyor.common.profiles.Profile;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The profiles this gateway knows: the newest version of each, as read from the profiles topic and
 * as written here (read-your-writes); few and small, so held in memory.
 */
@Component
class ProfileCatalog {

    private final Map<String, Profile> profiles = new ConcurrentHashMap<>();

    Optional<Profile> find(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    List<Profile> all() {
        return profiles.values().stream().sorted(Comparator.comparing(Profile::id)).toList();
    }

    /** Keeps a profile unless a newer version of it is known already. */
    void put(Profile profile) {
        profiles.merge(profile.id(), profile, (known, given) -> given.version() >= known.version() ? given : known);
    }

    void remove(String id) {
        profiles.remove(id);
    }

    void forgetAll() {
        profiles.clear();
    }
}
