package dev.conveyor.worker.consumption;

/** Why a readable request went to the dead-letter topic; its message lands in the record's headers. */
class JobDeadLetteredException extends Exception {

    JobDeadLetteredException(String reason) {
        super(reason, null, false, false);
    }
}
