package dev.conveyor.gateway.templates;

import dev.conveyor.common.templates.JobTemplate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The templates this gateway knows: the newest version of each, as read from the templates topic
 * and as written here (read-your-writes). Templates are few and small, so they are held in memory.
 */
@Component
class TemplateCatalog {

    private final Map<String, JobTemplate> templates = new ConcurrentHashMap<>();

    Optional<JobTemplate> find(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    List<JobTemplate> all() {
        return templates.values().stream().sorted(Comparator.comparing(JobTemplate::id)).toList();
    }

    /** Keeps a template unless a newer version of it is known already. */
    void put(JobTemplate template) {
        templates.merge(template.id(), template, (known, given) -> given.version() >= known.version() ? given : known);
    }

    void remove(String id) {
        templates.remove(id);
    }

    void forgetAll() {
        templates.clear();
    }
}
