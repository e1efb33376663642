package io.cmmigration.simulator;

/** A simulated database could not be created, mutated or dropped. */
public class SimulatorException extends RuntimeException {
    public SimulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
