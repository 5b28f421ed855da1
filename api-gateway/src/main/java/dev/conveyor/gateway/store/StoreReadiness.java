package dev.conveyor.gateway.store;

/** Whether the store is as recent as Kafka was when the gateway started. */
public interface StoreReadiness {

    /**
     * Whether the store has once read the jobs and results topics up to where they ended when the
     * gateway started: before that, it may answer with what is long past, and lack what is new.
     */
    boolean isCaughtUp();
}
