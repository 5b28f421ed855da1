package dev.conveyor.gateway.queues;

/**
 * One queue as the API shows it.
 *
 * @param name the queue's name
 * @param depth requests on the queue that no worker finished with (running ones included)
 * @param retrying requests waiting for their next attempt
 * @param running jobs of this queue that live workers run now
 * @param workers live workers that consume this queue
 * @param enqueuedPerSecond requests put on the queue per second, over the last minute at most
 * @param completedPerSecond requests the workers finished with per second (ended, or handed on to
 *     wait for a retry), over the same span
 */
record QueueView(
        String name,
        long depth,
        long retrying,
        int running,
        int workers,
        double enqueuedPerSecond,
        double completedPerSecond) {
}
