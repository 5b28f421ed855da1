package dev.conveyor.gateway.store;

/**
 * One page of a job list.
 *
 * @param filter which jobs
 * @param oldestFirst the order by submitted time: oldest first, or newest first (the default)
 * @param limit at most this many jobs
 * @param cursor where the previous page ended ({@link JobPage#nextCursor()}); {@code null} for the first page
 */
public record JobQuery(JobFilter filter, boolean oldestFirst, int limit, String cursor) {

    public JobQuery {
        filter = filter == null ? JobFilter.ALL : filter;
    }
}
