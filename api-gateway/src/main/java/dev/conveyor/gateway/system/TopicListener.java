package dev.conveyor.gateway.system;

import org.springframework.context.SmartLifecycle;

/**
 * A gateway part that keeps a compacted topic's picture in memory through a {@link TopicFollower},
 * started and stopped with the application. A subclass makes its follower in its constructor and
 * hands it to {@link #follow}.
 */
public abstract class TopicListener implements SmartLifecycle {

    private TopicFollower follower;

    protected final void follow(TopicFollower follower) {
        this.follower = follower;
    }

    @Override
    public void start() {
        follower.start();
    }

    @Override
    public void stop() {
        follower.stop();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }
}
