package io.cmmigration.deploy.model;

/** A manifest that does not fit the Kubernetes (or Strimzi) API schema. */
public class InvalidManifestException extends RuntimeException {
    public InvalidManifestException(String message) {
        super(message);
    }
}
